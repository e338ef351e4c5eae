// The CI recipes of README.md ("Recipes for CI"), clients/ci/github-actions.yml and
// clients/ci/gitlab-ci.yml, run as written: their shell steps, here, in the order and with the
// conditions the two CI systems give them, against a copy of this tree and a small user project
// whose `npm test` sends an SMS to TELNYX_BASE_URL. Each recipe runs once passing and once
// failing, where its artifact step must leave mdrmock's journal (holding that SMS) behind.
// The CI systems' own actions are stood in for: checkout (the copy is in place), and
// upload-artifact (its paths must exist); `sudo` and `apt-get` are stand-ins that check the
// packages asked for are installed, so nothing is installed by the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { SLOWDOWN } from '../../integration/lib/server.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const T = { timeout: 600000 * SLOWDOWN };
let work;
// The process groups of every step run, so the servers the recipes leave running are stopped.
const groups = new Set();

before(() => {
  work = mkdtempSync(join(tmpdir(), 'mdrmock-recipes-'));
  // mdrmock's sources, as a checkout has them (uncommitted changes to tracked files included).
  const tree = execFileSync('git', ['stash', 'create'], { cwd: root, encoding: 'utf8' }).trim() || 'HEAD';
  mkdirSync(join(work, 'mdrmock'));
  execFileSync('sh', ['-c', `git archive ${tree} | tar -x -C "${join(work, 'mdrmock')}"`], { cwd: root });
  // The user's project: npm test sends one SMS through the mock (or fails when asked to).
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', scripts: { test: 'node check.mjs' } }));
  writeFileSync(join(work, 'check.mjs'), `const r = await fetch(process.env.TELNYX_BASE_URL + '/messages', {
  method: 'POST', headers: { authorization: 'Bearer KEY_APP', 'content-type': 'application/json' },
  body: JSON.stringify({ from: '+18445550001', to: '+18665550002', text: 'from the recipe' }) });
console.log('POST /v2/messages', r.status);
if (r.status !== 200 || process.env.FAIL_ON_PURPOSE) process.exit(1);
`);
  const shims = join(work, 'shims');
  mkdirSync(shims);
  writeFileSync(join(shims, 'sudo'), '#!/bin/sh\nexec "$@"\n');
  writeFileSync(join(shims, 'apt-get'), `#!/bin/sh
# Stands in for apt-get: update does nothing; install checks each package is installed.
[ "$1" = update ] && exit 0
for p in "$@"; do
	case $p in -*|install) continue ;; esac
	# A Node.js from elsewhere (as .ci/deps allows) stands for Debian's.
	case $p in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
	dpkg-query -W -f='\${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || { echo "apt-get stand-in: $p is not installed" >&2; exit 100; }
done
`);
  for (const f of ['sudo', 'apt-get']) chmodSync(join(shims, f), 0o755);
});

after(() => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  rmSync(work, { recursive: true, force: true });
});

// Runs a shell script in the workspace, in a process group of its own; {status, out}.
function sh(script, env) {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: work, env: { ...env, PATH: `${join(work, 'shims')}:${process.env.PATH}` }, encoding: 'utf8', timeout: 300000 * SLOWDOWN, detached: true,
  });
  if (r.pid) groups.add(r.pid);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function stopServers() {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  groups.clear();
}

const baseEnv = (extra) => {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MDRMOCK_') && !k.startsWith('TELNYX_')) env[k] = v;
  return { ...env, ...extra };
};

// A GitHub Actions job: each step's `run` in its own shell, GITHUB_ENV carried to later steps,
// `if: failure()` steps only after a failure. Returns what ran and the job's outcome.
function runGithub(file, extraEnv) {
  const job = Object.values(YAML.parse(readFileSync(file, 'utf8')).jobs)[0];
  const temp = mkdtempSync(join(work, 'runner-'));
  const envFile = join(temp, 'github.env');
  writeFileSync(envFile, '');
  const carried = {};
  let failed = false;
  const log = [];
  for (const step of job.steps) {
    const cond = step.if ?? 'success()';
    if ((cond === 'failure()') !== failed) continue;
    const name = step.name ?? step.uses;
    if (step.uses?.startsWith('actions/checkout')) {
      if (step.with?.path) assert.ok(existsSync(join(work, step.with.path, 'Makefile')), `checkout ${step.with.path}`);
      log.push({ name, status: 0 });
      continue;
    }
    if (step.uses?.startsWith('actions/upload-artifact')) {
      const paths = String(step.with.path).split('\n').map((p) => p.trim().replace('${{ runner.temp }}', temp)).filter(Boolean);
      for (const p of paths) assert.ok(existsSync(p), `artifact ${p}`);
      log.push({ name, status: 0, paths });
      continue;
    }
    const r = sh(step.run, baseEnv({ ...extraEnv, ...carried, RUNNER_TEMP: temp, GITHUB_ENV: envFile, CI: 'true' }));
    log.push({ name, status: r.status, out: r.out });
    for (const line of readFileSync(envFile, 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) carried[line.slice(0, i)] = line.slice(i + 1);
    }
    if (r.status !== 0) failed = true;
  }
  stopServers();
  return { failed, log, temp, env: carried };
}

// A GitLab CI job: before_script and script in one shell, stopping at the first failure;
// after_script in a shell of its own, always; artifacts on failure must exist.
function runGitlab(file, extraEnv) {
  const job = Object.values(YAML.parse(readFileSync(file, 'utf8'))).find((j) => j.script);
  for (const line of [...job.before_script, ...job.script, ...job.after_script]) assert.equal(typeof line, 'string', `a script line YAML reads as ${JSON.stringify(line)}`);
  const r = sh([...job.before_script, ...job.script].join('\n'), baseEnv({ ...extraEnv, ...job.variables, CI: 'true' }));
  const post = sh(job.after_script.join('\n'), baseEnv({ ...extraEnv, ...job.variables, CI: 'true' }));
  stopServers();
  const failed = r.status !== 0;
  if (failed && job.artifacts.when === 'on_failure') for (const p of job.artifacts.paths) assert.ok(existsSync(join(work, p)), `artifact ${p}; the job said:\n${r.out}`);
  return { failed, out: r.out, post, artifacts: job.artifacts.paths.map((p) => join(work, p)) };
}

// The journal a failed run leaves: mdrmock's own record of the SMS the tests sent.
function assertJournal(path) {
  const j = JSON.parse(readFileSync(path, 'utf8'));
  assert.ok(j.data.some((e) => e.method === 'POST' && e.path === '/v2/messages' && e.status === 200), JSON.stringify(j).slice(0, 500));
}

test('GitHub Actions: build from source, start on port 0, the URL from the ready line, tests pass', T, () => {
  const r = runGithub(join(root, 'clients/ci/github-actions.yml'), {});
  assert.equal(r.failed, false, r.log.map((s) => `${s.name}: ${s.status}\n${s.out ?? ''}`).join('\n'));
  assert.match(r.env.TELNYX_BASE_URL, /^http:\/\/127\.0\.0\.1:\d+\/v2$/);
  assert.ok(r.log.some((s) => s.name === 'Run the tests' && /POST \/v2\/messages 200/.test(s.out)));
  assert.ok(!r.log.some((s) => s.name?.includes('journal')), 'the journal step runs only on failure');
  // The request log is JSON, a line each.
  for (const line of readFileSync(join(r.temp, 'mdrmock.log'), 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
});

test('GitHub Actions: a failing test run uploads the request journal', T, () => {
  const r = runGithub(join(root, 'clients/ci/github-actions.yml'), { FAIL_ON_PURPOSE: '1' });
  assert.equal(r.failed, true);
  const upload = r.log.find((s) => s.paths);
  assert.ok(upload, r.log.map((s) => s.name).join(', '));
  assertJournal(upload.paths[0]);
});

test('GitLab CI: the same, the URL kept in a file for after_script; a failure leaves the journal', T, () => {
  const ok = runGitlab(join(root, 'clients/ci/gitlab-ci.yml'), {});
  assert.equal(ok.failed, false, ok.out);
  assert.match(ok.out, /POST \/v2\/messages 200/);
  const bad = runGitlab(join(root, 'clients/ci/gitlab-ci.yml'), { FAIL_ON_PURPOSE: '1' });
  assert.equal(bad.failed, true);
  assert.equal(bad.post.status, 0, bad.post.out);
  assertJournal(bad.artifacts[0]);
});
