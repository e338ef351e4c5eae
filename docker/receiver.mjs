// An example webhook receiver for docker/compose.yaml: verifies each
// delivery's Ed25519 signature with the key mdrmock serves, and logs it.
import http from 'node:http';
import crypto from 'node:crypto';

const base = process.env.MDRMOCK_URL ?? 'http://127.0.0.1:12111';
let key;

async function publicKey() {
  if (!key) {
    const { public_key } = await (await fetch(`${base}/_mock/webhook_key`)).json();
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(public_key, 'base64')]);
    key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
  }
  return key;
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const signed = Buffer.from(`${req.headers['telnyx-timestamp']}|${body}`);
    const sig = Buffer.from(req.headers['telnyx-signature-ed25519'] ?? '', 'base64');
    const ok = crypto.verify(null, signed, await publicKey(), sig);
    const event = JSON.parse(body).data;
    console.log(`${ok ? 'verified' : 'BAD SIGNATURE'} ${event.event_type} ${event.payload.id} ${event.payload.to?.[0]?.status}`);
    res.writeHead(ok ? 200 : 401).end();
  });
}).listen(8080, () => console.log('receiver on :8080'));
