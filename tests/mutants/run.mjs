// make mutants: puts each hand-made bug of mutants.json into the source, one at a
// time, rebuilds the test binaries, and runs the test tiers in order until one
// fails; then restores the file.  Keeps each mutant's outcome in
// tests/mutants/results.json and writes tests/MUTANTS.md from it (which test
// caught each mutant), and exits non-zero when a mutant run survives every tier,
// or when a mutant's text is not found exactly once (the list has drifted from
// the code).  --only FILE runs that file's mutants and keeps the others' last
// outcomes, so the table stays whole; a mutant never run shows as such.
// --missing runs only the mutants with no outcome kept yet.
//   node tests/mutants/run.mjs [--only FILE] [--missing] [--no-write]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const list = JSON.parse(readFileSync(join(root, 'tests/mutants/mutants.json'), 'utf8'));
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const write = !process.argv.includes('--no-write');
const resultsPath = join(root, 'tests/mutants/results.json');
// Each mutant's last outcome, by file and text: {by: "what caught it" | null, note}.
const keyOf = (mu) => `${mu.file}\n${mu.from}`;
let results = {};
try {
  results = JSON.parse(readFileSync(resultsPath, 'utf8'));
} catch {
  results = {};
}
const TIERS = ['unit', 'integration', 'sdk'];
// Each tier run is bounded, so a mutant that hangs the server fails instead of stalling.
const TIER_TIMEOUT_MS = 300000;

function build() {
  const r = spawnSync('make', ['-s', 'build/test/mdrmock', 'build/test/unit-tests'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? null : (r.stdout + r.stderr).split('\n').filter((l) => /error/.test(l)).slice(0, 2).join(' ');
}

// The names of the tests that failed in one tier, or [] when it passed.  The "lint"
// tier is make lint's own checks (without the slow analyzers): a finding is a catch.
function runTier(tier, rec) {
  if (tier === 'lint') {
    const r = spawnSync('sh', ['.ci/lint'], { cwd: root, encoding: 'utf8', env: { ...process.env, MDRMOCK_LINT_QUICK: '1' } });
    return r.status === 0 ? [] : (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith('lint: ')).map((l) => l.replace(/^lint: /, 'lint: '));
  }
  // timeout(1) puts the tier in its own process group and ends the whole group, servers included.
  const r = spawnSync('timeout', ['-k', '10', String(TIER_TIMEOUT_MS / 1000), 'sh', 'tests/run', tier], {
    cwd: root, encoding: 'utf8',
    env: { ...process.env, MDRMOCK_RECORD: join(rec, 'responses.jsonl') },
  });
  if (r.status === 124 || r.status === 137) return [`${tier}: did not finish in ${TIER_TIMEOUT_MS / 1000} s`];
  const names = [];
  const results = join(root, 'build/test/results');
  if (tier === 'types' || tier === 'openapi') {
    for (const m of readFileSync(join(results, `${tier}.log`), 'utf8').matchAll(/^FAIL (\S.*)$/gm)) names.push(`${tier}: ${m[1]}`);
  } else if (tier === 'unit') {
    for (const m of readFileSync(join(results, 'unit.log'), 'utf8').matchAll(/^FAIL (\S.*)$/gm)) names.push(`unit: ${m[1]}`);
  } else {
    for (const m of readFileSync(join(results, `${tier}.tap`), 'utf8').matchAll(/^not ok \d+ - (.*)$/gm)) names.push(`${tier}: ${m[1]}`);
  }
  if (r.status !== 0 && names.length === 0) names.push(`${tier}: the tier did not run cleanly`);
  return names;
}

const rows = [];
let bad = 0;
const missing = process.argv.includes('--missing');
for (const mu of list) {
  if (only && mu.file !== only) continue;
  if (missing && results[keyOf(mu)]) continue;
  const path = join(root, mu.file);
  const original = readFileSync(path, 'utf8');
  const at = original.indexOf(mu.from);
  if (at < 0 || original.indexOf(mu.from, at + 1) >= 0) {
    console.log(`DRIFT ${mu.file}: the text to change is found ${at < 0 ? 'nowhere' : 'more than once'}`);
    rows.push({ ...mu, caught: null, note: 'the text to change is not found exactly once' });
    bad++;
    continue;
  }
  let caught = [];
  try {
    writeFileSync(path, original.slice(0, at) + mu.to + original.slice(at + mu.from.length));
    const err = build();
    if (err) {
      caught = null;
      console.log(`NOBUILD ${mu.file}: ${err}`);
    } else {
      // The tiers of one mutant share their recordings, for the openapi and types tiers.
      const rec = mkdtempSync(join(tmpdir(), 'mdrmock-mutant-'));
      for (const tier of mu.tiers ?? TIERS) {
        caught = runTier(tier, rec);
        if (caught.length > 0) break;
      }
      rmSync(rec, { recursive: true, force: true });
    }
  } finally {
    writeFileSync(path, original);
  }
  const ok = caught !== null && caught.length > 0;
  if (!ok) bad++;
  console.log(`${ok ? 'CAUGHT' : 'SURVIVED'} ${mu.file}: ${mu.what}${ok ? ` <- ${caught[0]}` : ''}`);
  rows.push({ ...mu, caught });
}
if (build()) {
  console.log('the unmutated tree does not build');
  process.exit(1);
}

if (write) {
  const esc = (s) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const code = (s) => '`' + esc(s).replace(/`/g, "'") + '`';
  const byOf = (r) => (r.caught === null ? null : r.caught.length ? r.caught.slice(0, 2).map(esc).join('; ') + (r.caught.length > 2 ? ` (+${r.caught.length - 2} more)` : '') : '**survived**');
  for (const r of rows) results[keyOf(r)] = { by: byOf(r), note: r.note ?? (r.caught === null ? 'did not build' : undefined) };
  // Forget the outcomes of mutants no longer listed; list order is table order.
  const kept = {};
  for (const mu of list) if (results[keyOf(mu)]) kept[keyOf(mu)] = results[keyOf(mu)];
  results = kept;
  writeFileSync(resultsPath, JSON.stringify(results, null, 1) + '\n');
  let md = `# Mutants: hand-made bugs, and the test that catches each

Each row is a plausible bug put into one server file by hand (a flipped comparison, a dropped
branch, a wrong constant, an early return), and the first test tier that failed with it: the
unit tier first, then integration, then the SDK tier. A mutant that no tier catches is a
missing test. The list is \`tests/mutants/mutants.json\`; \`make mutants\` applies each one in
turn, runs the tiers, restores the file and rewrites this table (it fails when a mutant
survives, or when a mutant's text no longer matches the code).

| file | the bug | from | to | caught by |
|---|---|---|---|---|
`;
  let caughtN = 0;
  for (const mu of list) {
    const r = results[keyOf(mu)];
    const by = r === undefined ? 'not run yet' : r.by === null ? (r.note ?? 'did not build') : r.by;
    if (r && r.by && r.by !== '**survived**') caughtN++;
    md += `| \`${mu.file}\` | ${esc(mu.what)} | ${code(mu.from)} | ${code(mu.to)} | ${by} |\n`;
  }
  md += `\n${caughtN} of ${list.length} mutants caught.\n`;
  writeFileSync(join(root, 'tests/MUTANTS.md'), md);
}
process.exit(bad > 0 ? 1 : 0);
