// The benchmarks' shared setup: the repository root, where results go, --name N flags, and
// starting and stopping a server.
import { spawn, execFile } from 'node:child_process';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
export const out = join(root, 'bench/results');
// The number after --name on the command line, or def.
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

// Starts a server (mdrmock or the baseline) and resolves at its ready line: {proc, port, readyMs}.
export function startProc(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(buf);
      if (m) {
        p.stdout.removeAllListeners('data');
        p.stdout.resume();
        resolve({ proc: p, port: Number(m[1]), readyMs: Number(process.hrtime.bigint() - t0) / 1e6 });
      }
    });
    p.on('close', (c) => reject(new Error(`${cmd} exited ${c}: ${err}`)));
  });
}

// Stops a server startProc() started, by its PID, and waits for it.
export async function stop(s, sig = 'SIGTERM') {
  s.proc.removeAllListeners('close');
  const done = new Promise((r) => s.proc.on('close', r));
  s.proc.kill(sig);
  return done;
}

// A p99 of wrk's --latency output in ms ("99%  1.23ms").
function p99ms(text) {
  const m = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(text);
  return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : NaN;
}

// One wrk run against 127.0.0.1:port for seconds s (a script of bench/, or a plain GET of
// path), with env for the script: {rps, requests, errors (non-2xx), p99 (ms), raw}. Async, so
// the caller's own clients run meanwhile.
export function wrk(port, conns, s, { script, path = '/', env = {} } = {}) {
  const args = ['-t', String(Math.min(2, conns)), '-c', String(conns), '-d', `${s}s`, '--latency', ...(script ? ['-s', join(root, 'bench', script)] : []), `http://127.0.0.1:${port}${script ? '' : path}`];
  return new Promise((resolve, reject) => execFile('wrk', args, { encoding: 'utf8', env: { ...process.env, ...env } }, (e, text) => {
    if (e) return reject(e);
    const bad = /Non-2xx or 3xx responses: (\d+)/.exec(text);
    resolve({ rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)[1]), requests: Number(/(\d+) requests in/.exec(text)[1]), errors: bad ? Number(bad[1]) : 0, p99: p99ms(text), raw: text });
  }));
}
