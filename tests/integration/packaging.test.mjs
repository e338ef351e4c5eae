// Issue 6: the healthcheck subcommand, install into a DESTDIR with the man
// page, the request log formats, and a Dockerfile that only uses scripts and
// make targets that exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { start, runOnce, tempDir, send } from './lib/server.mjs';

const root = new URL('../..', import.meta.url).pathname;

test('mdrmock healthcheck: 0 against a live server, 1 without one, honours --admin-token', async () => {
  const s = await start(['--admin-token', 'tok']);
  try {
    let r = await runOnce(['healthcheck', '--port', String(s.port), '--admin-token', 'tok']);
    assert.equal(r.code, 0, r.stderr);
    r = await runOnce(['healthcheck', '--port', String(s.port)], { MDRMOCK_ADMIN_TOKEN: 'wrong' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /healthcheck/);
    r = await runOnce(['healthcheck', '--port', String(s.port), '--host', '0.0.0.0', '--admin-token', 'tok']);
    assert.equal(r.code, 0, 'a wildcard address is asked through loopback');
  } finally {
    await s.stop();
  }
  const none = await runOnce(['healthcheck', '--port', '9']);
  assert.equal(none.code, 1);
  assert.equal((await runOnce(['healthcheck', '--port', 'x'])).code, 2);
});

test('--ready-file: healthcheck finds the server whatever flags it was given; its polls stay out of the log', async () => {
  const t = tempDir();
  const file = join(t.dir, 'ready');
  const s = await start(['--admin-token', 'tok2', '--ready-file', file]);
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.deepEqual(lines, [s.url, 'tok2', '']);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the token is readable by its owner only');
    // No port, no token: the file says both.
    let r = await runOnce(['healthcheck', '--ready-file', file]);
    assert.equal(r.code, 0, r.stderr);
    r = await runOnce(['healthcheck'], { MDRMOCK_READY_FILE: file });
    assert.equal(r.code, 0, r.stderr);
    await runOnce(['healthcheck', '--ready-file', file]);
    await s.request('GET', '/_mock/health', { key: null, headers: { authorization: 'Bearer tok2' } });
    await new Promise((res) => setTimeout(res, 200));
    const logged = s.stderr.split('\n').filter((l) => l.includes('/_mock/health'));
    assert.equal(logged.length, 1, `only the plain request is logged:\n${logged.join('\n')}`);
    r = await runOnce(['healthcheck', '--ready-file', join(t.dir, 'nothing')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no server has written it yet/);
  } finally {
    await s.stop();
  }
  assert.equal(existsSync(file), false, 'a stopped server takes its file away');
  assert.equal((await runOnce(['healthcheck', '--ready-file', file])).code, 1);
  // A server on the wildcard address is asked through loopback, as without the file.
  const wild = await start(['--host', '0.0.0.0', '--ready-file', file]);
  try {
    assert.match(readFileSync(file, 'utf8'), /^http:\/\/0\.0\.0\.0:\d+\n$/);
    const r = await runOnce(['healthcheck', '--ready-file', file]);
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await wild.stop();
  }
  // A file that cannot be written stops start-up.
  const bad = await runOnce(['--port', '0', '--db', ':memory:', '--ready-file', join(t.dir, 'no/such/dir/ready')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--ready-file/);
  t.remove();
});

test('make install honours DESTDIR and PREFIX; the installed binary and man page work', () => {
  const t = tempDir();
  try {
    execFileSync('make', ['-s', 'install', `DESTDIR=${t.dir}`, 'PREFIX=/opt/mm'], { cwd: root, stdio: 'pipe' });
    const bin = join(t.dir, 'opt/mm/bin/mdrmock');
    const man = join(t.dir, 'opt/mm/share/man/man1/mdrmock.1');
    assert.ok(existsSync(bin) && existsSync(man));
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' });
    assert.match(version, /^mdrmock \d+\.\d+\.\d+\n$/);
    assert.ok(readFileSync(join(root, 'server/version.h'), 'utf8').includes(`#define MDRMOCK_VERSION "${version.trim().split(' ')[1]}"`), 'one version, from server/version.h');
    const page = readFileSync(man, 'utf8');
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' });
    for (const flag of help.match(/--[a-z-]+/g)) assert.ok(page.includes(flag.replace(/-/g, '\\-')), `man page lists ${flag}`);
    for (const section of ['.SH SYNOPSIS', '.SH OPTIONS', '.SH CONTROL API', '.SH ENVIRONMENT', '.SH FILES', '.SH EXIT STATUS', '.SH EXAMPLES', '.SH SEE ALSO', 'MDRMOCK_PORT', 'healthcheck'])
      assert.ok(page.includes(section), section);
    // Every variable has its ENVIRONMENT entry; every control call of the README is there.
    const envSection = page.slice(page.indexOf('.SH ENVIRONMENT'), page.indexOf('.SH FILES'));
    for (const v of help.match(/MDRMOCK_[A-Z_]+/g)) assert.ok(envSection.includes(v), `ENVIRONMENT lists ${v}`);
    for (const call of ['/_mock/clock', '/_mock/reset', '/_mock/inbound', '/_mock/webhooks', '/_mock/faults', '/_mock/requests', '/_mock/events', '/_mock/reports'])
      assert.ok(page.includes(call), `CONTROL API names ${call}`);
    // SEE ALSO names what is installed, not the source tree.
    const seeAlso = page.slice(page.indexOf('.SH SEE ALSO'));
    assert.ok(!/README|source tree|docs\//.test(seeAlso), seeAlso);
    assert.match(help, /mdrmock healthcheck/);
    assert.match(help, /--man/);
    // It renders without a warning.
    const render = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', man], { encoding: 'utf8' });
    if (render.error === undefined) assert.equal(render.stderr, '', render.stderr);
    execFileSync('make', ['-s', 'uninstall', `DESTDIR=${t.dir}`, 'PREFIX=/opt/mm'], { cwd: root, stdio: 'pipe' });
    assert.ok(!existsSync(bin) && !existsSync(man));
  } finally {
    t.remove();
  }
});

test('request log: one line per request, text by default, json with --log-format (every line), none with --quiet', async () => {
  let s = await start();
  await send(s);
  await s.request('GET', '/v2/messages/nope');
  await s.stop();
  const text = s.stderr.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
  assert.ok(text.some((l) => / POST \/v2\/messages 200 [\d.]+ms tenant=t_[0-9a-f]{16}$/.test(l)), text.join('\n'));
  assert.ok(text.some((l) => / GET \/v2\/messages\/nope 404 /.test(l)));
  s = await start(['--log-format', 'json']);
  await send(s);
  await s.stop();
  // Every line is JSON, the server's own start and stop messages included.
  const json = s.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(json.some((j) => j.level === 'info' && /^webhook signing key /.test(j.msg) && /Z$/.test(j.time)), s.stderr);
  assert.ok(json.some((j) => j.level === 'info' && j.msg === 'stopping on SIGTERM'));
  const post = json.find((j) => j.method === 'POST');
  assert.equal(post.path, '/v2/messages');
  assert.equal(post.status, 200);
  assert.match(post.tenant, /^t_[0-9a-f]{16}$/, 'a label, never the key');
  assert.ok(!s.stderr.includes('test-key'));
  assert.equal(typeof post.latency_ms, 'number');
  assert.match(post.time, /Z$/);
  s = await start(['--quiet']);
  await send(s);
  await s.stop();
  assert.equal(s.stderr.split('\n').filter((l) => /^\d{4}-|^\{/.test(l)).length, 0);
});

test('docker/Dockerfile uses only scripts and make targets that exist, as CI does', () => {
  const df = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
  const code = df.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
  const scripts = [...code.matchAll(/\bsh (\S+)/g)].map((m) => m[1]);
  assert.ok(scripts.includes('.ci/deps'), 'the same package script as CI');
  for (const sc of scripts) assert.ok(existsSync(join(root, sc)), sc);
  const ci = readFileSync(join(root, '.ci/run'), 'utf8');
  assert.ok(ci.includes('sh .ci/deps'), '.ci/run uses the same script');
  const makes = [...code.matchAll(/\bmake ((?:[\w./=-]+ ?)+)/g)].flatMap((m) => m[1].trim().split(/\s+/)).filter((w) => !w.includes('='));
  assert.ok(makes.length >= 3, makes.join(' '));
  for (const target of makes) {
    const r = spawnSync('make', ['-n', target, 'DESTDIR=/tmp/x'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `make -n ${target}: ${r.stderr}`);
  }
  for (const needed of ['FROM debian:bookworm-slim AS build', 'EXPOSE 12111', 'MDRMOCK_HOST=0.0.0.0', 'VOLUME /data', 'USER mdrmock', 'HEALTHCHECK', '"mdrmock", "healthcheck"'])
    assert.ok(df.includes(needed), needed);
  assert.ok(!/^USER root/m.test(df));
  // The runtime stage installs no -dev packages.
  const runtime = code.split(/^FROM /m).pop();
  assert.ok(!/-dev\b/.test(runtime), 'runtime stage has only runtime libraries');
  const compose = readFileSync(join(root, 'docker/compose.yaml'), 'utf8');
  assert.match(compose, /dockerfile: docker\/Dockerfile/);
  assert.match(compose, /condition: service_healthy/);
  assert.match(compose, /host\.docker\.internal:host-gateway/);
  assert.ok(!/^\s*image:/m.test(compose), 'every image of the compose file is built here: no registry needed');
  assert.ok(existsSync(join(root, 'docker/receiver.mjs')));
  // The health check reads the address the server really took; only sources go into a build.
  assert.match(df, /MDRMOCK_READY_FILE=/);
  const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(ignore[0], '*', '.dockerignore starts by leaving everything out');
  for (const kept of ['!Makefile', '!server/', '!schema/', '!fixtures/', '!.ci/deps']) assert.ok(ignore.includes(kept), kept);
  assert.ok(!ignore.some((l) => /^!(build|node_modules|\.git|tests)\b/.test(l)));
});
