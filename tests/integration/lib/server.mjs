// Starts the real mdrmock binary (the sanitizer build from `make`) on a free
// port and speaks HTTP to it.  Every server a test starts is stopped by the
// test, and stop() fails the test when the process did not exit 0 or printed
// a sanitizer report.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { startMdrmock } from '../../../clients/node/index.js';

export const BIN = process.env.MDRMOCK_BIN ?? new URL('../../../build/test/mdrmock', import.meta.url).pathname;
export const SEED_ID = '834f3d53-8a3c-4aa0-a733-7f2d682a72df';
export const START = '2026-01-05T12:00:00.000Z';
// Instrumented builds (make tsan) run several times slower: deadlines that prove
// "not stalled" are multiplied by this; nothing else is.
export const SLOWDOWN = Number(process.env.MDRMOCK_TEST_SLOWDOWN ?? 1);

const READY = /^mdrmock listening on http:\/\/([^:]+):(\d+)$/;
const SANITIZER = /AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:|UndefinedBehaviorSanitizer/;

// A server a failed test never stopped would keep its test file (and the suite) from
// ending.  When the file's tests are done, whatever is still running after a grace
// period is killed; the file's own after() hooks, which run later, stop theirs first.
// The timer is unref'd, so it never keeps a finished file alive by itself.
const live = new Set();
after(() => {
  setTimeout(() => {
    for (const p of live) p.kill('SIGKILL');
  }, 5000 * SLOWDOWN).unref();
});

// A fresh directory for a file database, removed by the returned function.
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'mdrmock-it-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Runs the binary to completion (for --help, bad flags): {code, signal, stdout, stderr}.
export function runOnce(args, env = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { env: { ...cleanEnv(), ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// The environment without any MDRMOCK_* a developer may have exported.
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MDRMOCK_')) env[k] = v;
  return env;
}

// Starts a server through the test-runner helper users have (clients/node), so that helper
// is what every integration and SDK test runs on.  Defaults: port 0, an in-memory database, a
// clock frozen at START, no MDRMOCK_* variable of the developer's environment.
export async function start(args = [], { env = {}, db = ':memory:', clock = true, bin = BIN } = {}) {
  const mock = await startMdrmock({
    bin,
    db,
    args: [...(clock ? ['--clock', 'frozen', '--clock-start', START] : []), ...args],
    env,
    ignoreEnv: true,
    readyTimeoutMs: 10000 * SLOWDOWN,
    stopTimeoutMs: 20000 * SLOWDOWN,
  });
  const proc = mock.process;
  live.add(proc);
  mock.exited.then(() => live.delete(proc));
  const m = READY.exec(mock.readyLine);
  assert.ok(m, `ready line: ${JSON.stringify(mock.readyLine)}`);
  assert.equal(mock.url, `http://${m[1]}:${m[2]}`);
  const server = {
    mock,
    proc,
    host: mock.host,
    port: mock.port,
    url: mock.url,
    get stderr() { return mock.stderr; },
    get stdout() { return mock.stdout; },
    exited: mock.exited,
    // Stops with signal and checks a clean exit: code 0, no sanitizer report,
    // nothing on stdout but the ready line.
    async stop(signal = 'SIGTERM') {
      let r;
      try {
        r = await mock.stop({ signal });
      } catch (e) {
        assert.fail(`${e.message}; stderr:\n${mock.stderr.slice(-2000)}`);
      }
      assert.doesNotMatch(mock.stderr, SANITIZER, 'sanitizer report');
      assert.equal(r.code, 0, `exit status after ${signal}; stderr:\n${mock.stderr}`);
      assert.equal(mock.stdout, mock.readyLine + '\n', 'stdout holds only the ready line');
      return r;
    },
    // Kills without checks (crash tests).
    kill: () => mock.kill(),
    request: (method, path, opts) => request(server, method, path, opts),
  };
  return server;
}

// One HTTP exchange.  opts: body (object -> JSON, string/Buffer as is), key
// (Bearer credential; null for none), headers, agent.  Resolves to
// {status, headers, text, json}.  Checks the invariants of every answer:
// a JSON content type (unless told otherwise) and an exact Content-Length.
export function request(server, method, path, opts = {}) {
  const { body, key = 'test-key', headers = {}, agent, checkJson = true } = opts;
  const h = { ...headers };
  let payload;
  if (key !== null && h.authorization === undefined) h.authorization = `Bearer ${key}`;
  if (body !== undefined) {
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (h['content-type'] === undefined) h['content-type'] = 'application/json';
  }
  // A control POST without a body still says JSON, as clients/node's helper does: the server
  // refuses one that does not (docs/behaviour.md §6.5; tests/integration/browser.test.mjs).
  if (method === 'POST' && path.startsWith('/_mock/') && !('content-type' in h)) h['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: server.host, port: server.port, method, path, headers: h, agent: agent ?? false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        const out = { status: res.statusCode, headers: res.headers, text, json: undefined, reusedSocket: req.reusedSocket };
        try {
          if (checkJson && method !== 'HEAD') {
            assert.equal(res.headers['content-length'], String(buf.length), `Content-Length of ${method} ${path}`);
            assert.match(res.headers['content-type'] ?? '', /^application\/json/, `Content-Type of ${method} ${path}`);
            out.json = JSON.parse(text);
            record(method, path, res.statusCode, out.json);
          }
        } catch (e) {
          reject(e);
          return;
        }
        resolve(out);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// With MDRMOCK_RECORD set (tests/run sets it), every JSON answer is appended
// there; the openapi tier then validates each against schema/openapi.yaml.
export function record(method, path, status, body) {
  if (process.env.MDRMOCK_RECORD) appendFileSync(process.env.MDRMOCK_RECORD, JSON.stringify({ method, path, status, body }) + '\n');
}

// A fetch for SDK clients that records like request() does.
export async function recordingFetch(url, init = {}) {
  const res = await fetch(url, init);
  if (process.env.MDRMOCK_RECORD && (res.headers.get('content-type') ?? '').startsWith('application/json')) {
    const u = new URL(url);
    record((init.method ?? 'GET').toUpperCase(), u.pathname + u.search, res.status, await res.clone().json());
  }
  return res;
}

// Asserts the Telnyx error envelope with status, code and (optionally) pointer.
export function assertError(r, status, code, pointer) {
  assert.equal(r.status, status, `status; body ${r.text}`);
  assert.ok(Array.isArray(r.json?.errors) && r.json.errors.length === 1, `envelope: ${r.text}`);
  const e = r.json.errors[0];
  assert.equal(e.code, code, `code; body ${r.text}`);
  assert.equal(typeof e.title, 'string');
  assert.equal(typeof e.detail, 'string');
  if (pointer !== undefined) assert.deepEqual(e.source, { pointer }, `source; body ${r.text}`);
  return e;
}

export const SMS = { from: '+18445550001', to: '+18665550002', text: 'Hello, World!' };

// Sends a message and returns its data object.
export async function send(server, body = SMS, key = 'test-key') {
  const r = await server.request('POST', '/v2/messages', { body, key });
  assert.equal(r.status, 200, r.text);
  return r.json.data;
}

export async function get(server, id, key = 'test-key') {
  return server.request('GET', `/v2/messages/${id}`, { key });
}

export async function advance(server, advance) {
  const r = await server.request('POST', '/_mock/clock', { body: { advance }, key: null });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// An RFC 4180 reader: every field may be quoted; "" is a quote; CRLF ends a row.
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// CSV rows as objects keyed by the header.
export function csvRecords(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
