// clients/node, the test-runner helper users import, with the official SDK: what its README
// shows works as written. (Every other integration and SDK test also starts its servers
// through it, by tests/integration/lib/server.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import Telnyx from 'telnyx';
import { startMdrmock, MdrmockError } from '../../../clients/node/index.js';
import { BIN, SLOWDOWN } from '../../integration/lib/server.mjs';

const T = { timeout: 30000 * SLOWDOWN };

test('startMdrmock: the SDK against it, the clock, latest with its OTP, reset, a clean stop', T, async () => {
  const mock = await startMdrmock({ bin: BIN, args: ['--clock', 'frozen'], ignoreEnv: true });
  try {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(mock.v2url, `${mock.url}/v2`);
    assert.ok(mock.port > 0);
    const client = new Telnyx({ apiKey: 'KEY_HELPER', baseURL: mock.v2url, maxRetries: 0 });
    const { data: sent } = await client.messages.send({ from: '+18445550001', to: '+18665550123', text: 'Your code is 482913' });
    const before = await mock.clock.get();
    assert.equal(before.frozen, true);
    const after = await mock.clock.advance('5s');
    assert.equal(Date.parse(after.now) - Date.parse(before.now), 5000);
    assert.equal((await client.messages.retrieve(sent.id)).data.to[0].status, 'delivered');
    const latest = await mock.latest('+18665550123', { wait: 1 });
    assert.equal(latest.id, sent.id);
    assert.equal(latest.otp, '482913');
    assert.equal(await mock.latest('+18665550999', { wait: 0 }), null, 'none: null, not a throw');
    await mock.clock.set('2030-01-01T00:00:00Z');
    assert.equal((await mock.clock.get()).now, '2030-01-01T00:00:00.000Z');
    await mock.clock.freeze(false);
    assert.equal((await mock.clock.get()).frozen, false);
    const reset = await mock.reset('KEY_HELPER');
    assert.equal(reset.status, 'ok');
    assert.match(reset.tenant, /^t_[0-9a-f]{16}$/);
    await assert.rejects(client.messages.retrieve(sent.id), (e) => e.status === 404);
    await assert.rejects(mock.control('POST', '/_mock/clock', { advance: 'soon' }), (e) => e instanceof MdrmockError && e.status === 400);
    assert.equal(Buffer.from(await mock.webhookKey(), 'base64').length, 32);
  } finally {
    assert.deepEqual(await mock.stop(), { code: 0, signal: null });
  }
});

test('webhooks(filter) reads the delivery log; adminToken guards and is sent', T, async () => {
  const got = [];
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => { got.push(req.url); res.end('ok'); });
  });
  await new Promise((r) => sink.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${sink.address().port}/hook`;
  const mock = await startMdrmock({ bin: BIN, args: ['--clock', 'frozen', '--webhook-backoff', '20ms'], adminToken: 'secret', ignoreEnv: true });
  try {
    const r = await fetch(`${mock.url}/_mock/clock`);
    assert.equal(r.status, 401, 'the token is required');
    const client = new Telnyx({ apiKey: 'KEY_HOOKS', baseURL: mock.v2url, maxRetries: 0 });
    const { data: sent } = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'hook', webhook_url: hook });
    await mock.clock.advance('5s');
    const log = await mock.webhooks({ message_id: sent.id, event_type: 'message.finalized', wait: 5, detail: true });
    assert.equal(log.length, 1);
    assert.equal(log[0].ok, true);
    assert.equal(log[0].url, hook);
    assert.equal(JSON.parse(log[0].request.body).data.payload.id, sent.id);
  } finally {
    await mock.stop();
    sink.close();
  }
});

test('a server the test process leaves running dies with it; a bad binary or flag rejects', T, async () => {
  // A child test process that starts mdrmock and exits without stopping it.
  const script = `import { startMdrmock } from ${JSON.stringify(new URL('../../../clients/node/index.js', import.meta.url).href)};
const m = await startMdrmock({ bin: ${JSON.stringify(BIN)}, ignoreEnv: true });
console.log(m.pid);
process.exit(0);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20000 * SLOWDOWN });
  assert.equal(r.status, 0, r.stderr);
  const pid = Number(r.stdout.trim());
  assert.ok(pid > 0);
  let alive = true;
  for (let i = 0; alive && i < 50; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((res) => setTimeout(res, 100));
    } catch {
      alive = false;
    }
  }
  assert.equal(alive, false, `mdrmock ${pid} outlived the process that started it`);
  await assert.rejects(startMdrmock({ bin: '/nonexistent/mdrmock' }), (e) => e instanceof MdrmockError && /cannot start/.test(e.message));
  await assert.rejects(startMdrmock({ bin: BIN, args: ['--port', 'x'], ignoreEnv: true }), /exited with 2 before it was ready/);
});

test('index.d.ts: a typical TypeScript test file type-checks against it, strict', T, () => {
  const require = createRequire(import.meta.url);
  const ts = require('typescript');
  const file = fileURLToPath(new URL('../../../clients/node/test/usage.ts', import.meta.url));
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: ['node'],
    typeRoots: [fileURLToPath(new URL('../node_modules/@types', import.meta.url))],
    baseUrl: fileURLToPath(new URL('../node_modules', import.meta.url)),
    paths: { mdrmock: [fileURLToPath(new URL('../../../clients/node/index.d.ts', import.meta.url))], telnyx: ['telnyx/index.d.mts'] },
  });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(problems, []);
});
