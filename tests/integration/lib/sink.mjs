// A webhook receiver of our own on 127.0.0.1: records every request (raw
// body and headers) and answers as told per path: /ok -> 200, /fail -> 500,
// /slow?ms=N -> 200 after N ms (?status=S answers S instead; ?big=N answers a byte that is
// not UTF-8, then N - 1 'x's).  Used by the webhook tests.
import http from 'node:http';
import { record } from './server.mjs';

export async function startSink() {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://sink');
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, json: safeJson(body), at: Date.now() };
      received.push(entry);
      // Webhook bodies are recorded too, for the type-check tier (tests/types).
      if (entry.json?.data?.event_type) record('WEBHOOK', entry.json.data.event_type, 200, entry.json);
      for (const w of waiters.splice(0)) w();
      const answer = () => {
        const status = Number(url.searchParams.get('status') ?? (url.pathname.startsWith('/fail') ? 500 : 200));
        res.writeHead(status, { 'content-type': 'text/plain' });
        const big = Number(url.searchParams.get('big') ?? 0);
        if (big > 0) res.end(Buffer.concat([Buffer.from([0xff]), Buffer.alloc(big - 1, 'x')]));
        else res.end(status === 200 ? 'ok' : 'no');
      };
      if (url.pathname.startsWith('/slow')) setTimeout(answer, Number(url.searchParams.get('ms') ?? 3000));
      else answer();
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    received,
    // Resolves when pred holds for the received list (checked on each arrival), or rejects after ms.
    async until(pred, ms = 10000) {
      const deadline = Date.now() + ms;
      while (!pred(received)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`sink: condition not met in ${ms} ms; got ${received.length} requests`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, Math.min(left, 200)); });
      }
      return received;
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

function safeJson(s) {
  try { return JSON.parse(s); } catch { return undefined; }
}
