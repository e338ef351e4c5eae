// The benchmarks' shared setup: the repository root, where results go, --name N flags, and
// starting and stopping a server.
import { spawn } from 'node:child_process';
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
