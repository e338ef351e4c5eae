// What the hostile tests share: a load of sends.
import http from 'node:http';
import { SMS } from '../integration/lib/server.mjs';

// POSTs body to /v2/messages on `sockets` keep-alive connections, until `ms` have passed or
// `count` sends were started. Resolves with the sends answered 200 and their rate a second.
export async function postLoad(s, { ms = Infinity, count = Infinity, sockets = 8, key = 'poster', body = SMS } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const payload = JSON.stringify(body);
  const t0 = Date.now();
  let n = 0, started = 0;
  await Promise.all(Array.from({ length: sockets }, async () => {
    while (Date.now() - t0 < ms && started < count) {
      started++;
      await new Promise((resolve) => {
        const req = http.request({ host: s.host, port: s.port, method: 'POST', path: '/v2/messages', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => { if (res.statusCode === 200) n++; resolve(); }); });
        req.on('error', resolve);
        req.end(payload);
      });
    }
  }));
  agent.destroy();
  return { n, rate: n / ((Date.now() - t0) / 1000) };
}
