# The example webhook receiver of docker/compose.yaml: Node from Debian on the same base image
# as mdrmock's, so the compose file needs no image but debian:bookworm-slim.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10002 --shell /usr/sbin/nologin receiver
COPY docker/receiver.mjs /app/receiver.mjs
USER receiver
EXPOSE 8080
CMD ["node", "/app/receiver.mjs"]
