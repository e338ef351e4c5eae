// The benchmarks' shared setup: the repository root, where results go, and --name N flags.
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
export const out = join(root, 'bench/results');
// The number after --name on the command line, or def.
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}
