// mdrmock for Node test runners: starts the binary on a free port, waits for its ready line,
// and hands back its URLs and the control API (docs/behaviour.md §6) as plain calls. No
// dependencies: node:child_process and the global fetch (Node 18+).
import { spawn } from 'node:child_process';

const READY = /^mdrmock listening on (http:\/\/(\[[^\]]+\]|[^:/]+):(\d+))$/;
// Output kept of each stream, the newest: a long run's request log never grows without bound.
const KEEP = 4 * 1024 * 1024;
const running = new Set();
let hooked = false;

// A server the test process leaves running when it exits is killed with it.
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const p of running) p.kill('SIGKILL');
  });
}

function keep(text, chunk) {
  const t = text + chunk;
  return t.length > KEEP ? t.slice(t.length - KEEP) : t;
}

function query(params = {}) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export class MdrmockError extends Error {
  constructor(message, { status, body } = {}) {
    super(message);
    this.name = 'MdrmockError';
    this.status = status;
    this.body = body;
  }
}

/**
 * Starts mdrmock and resolves once it is ready. See index.d.ts for every option.
 */
export async function startMdrmock(options = {}) {
  const {
    bin = process.env.MDRMOCK_BIN ?? 'mdrmock',
    args = [],
    port = 0,
    host,
    db = ':memory:',
    adminToken,
    env = {},
    ignoreEnv = false,
    readyTimeoutMs = 10000,
    stopTimeoutMs = 20000,
  } = options;
  // null leaves a setting to the server's own default (or its MDRMOCK_* variable).
  const full = [
    ...(host != null ? ['--host', host] : []),
    ...(port != null ? ['--port', String(port)] : []),
    ...(db != null ? ['--db', db] : []),
    ...(adminToken ? ['--admin-token', adminToken] : []),
    ...args,
  ];
  const base = {};
  for (const [k, v] of Object.entries(process.env)) if (!(ignoreEnv && k.startsWith('MDRMOCK_'))) base[k] = v;
  const child = spawn(bin, full, { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  hookExit();
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => (stderr = keep(stderr, d)));
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new MdrmockError(`mdrmock printed no ready line within ${readyTimeoutMs} ms; stderr:\n${stderr}`));
    }, readyTimeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      running.delete(child);
      reject(new MdrmockError(`cannot start ${bin}: ${e.message}`));
    });
    child.stdout.on('data', (d) => {
      stdout = keep(stdout, d);
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, nl));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new MdrmockError(`mdrmock exited with ${code ?? signal} before it was ready; stderr:\n${stderr}`));
    });
  });
  const m = READY.exec(line);
  if (!m) {
    child.kill('SIGKILL');
    throw new MdrmockError(`not a ready line: ${JSON.stringify(line)}`);
  }
  const url = m[1];

  // A control call: JSON in and out; a non-2xx answer rejects with its status and body.
  async function control(method, path, body) {
    const headers = { accept: 'application/json' };
    if (adminToken) headers.authorization = `Bearer ${adminToken}`;
    // The server takes a state-changing control call only as JSON, body or not.
    if (body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
    const r = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!r.ok) throw new MdrmockError(`${method} ${path}: ${r.status} ${json?.errors?.[0]?.detail ?? text}`, { status: r.status, body: json ?? text });
    return json;
  }

  const mock = {
    url,
    v2url: `${url}/v2`,
    host: m[2].replace(/^\[|\]$/g, ''),
    port: Number(m[3]),
    pid: child.pid,
    process: child,
    readyLine: line,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    control,
    clock: {
      get: () => control('GET', '/_mock/clock'),
      advance: (by) => control('POST', '/_mock/clock', { advance: by }),
      set: (instant) => control('POST', '/_mock/clock', { set: instant instanceof Date ? instant.toISOString() : instant }),
      freeze: (on = true) => control('POST', '/_mock/clock', { freeze: on }),
    },
    reset: (tenant) => control('POST', `/_mock/reset${query({ tenant })}`),
    async latest(to, { wait = 5, tenant } = {}) {
      try {
        return (await control('GET', `/_mock/messages/latest${query({ to, wait, tenant })}`)).data;
      } catch (e) {
        if (e.status === 404) return null;
        throw e;
      }
    },
    webhooks: async (filter = {}) => (await control('GET', `/_mock/webhooks${query(filter)}`)).data,
    webhookKey: async () => (await control('GET', '/_mock/webhook_key')).public_key,
    async stop({ signal = 'SIGTERM', timeoutMs = stopTimeoutMs } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer;
      const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      const r = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (r === null) {
        child.kill('SIGKILL');
        await exited;
        throw new MdrmockError(`mdrmock did not exit within ${timeoutMs} ms of ${signal}; killed`);
      }
      return r;
    },
    kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
  return mock;
}
