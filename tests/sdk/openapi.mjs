// Validates every JSON answer the integration and SDK tiers recorded
// (MDRMOCK_RECORD, one JSON line per answer) against schema/openapi.yaml,
// and checks that every route in server/routes.c is documented.  One test
// per (method, path template, status); prints "openapi: N passed, N failed".
//
//   node tests/sdk/openapi.mjs RECORDED.jsonl
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import { jsonText } from './openapi-json.mjs';

const root = new URL('../..', import.meta.url).pathname;
const doc = parse(readFileSync(`${root}schema/openapi.yaml`, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
ajv.addSchema(doc, 'openapi');
const esc = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const validators = new Map();
function validator(pointer) {
  if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `openapi#${pointer}` }));
  return validators.get(pointer);
}

// The docs' second spelling of the v2 report paths is routed to the same operations.
const alias = (p) => p.replace(/^\/v2\/legacy_reporting\//, '/v2/legacy/reporting/');
const templates = Object.keys(doc.paths);
function template(path) {
  // Segments as the server reads them: percent-decoded (/v2/%6Dessages is /v2/messages).
  const segs = alias(path).replace(/\/+$/, '').split('/').map((x) => { try { return decodeURIComponent(x); } catch { return x; } });
  // A literal segment wins over a capture (/v2/messages/group_mms is not /v2/messages/{id}).
  const captures = (t) => t.split('{').length;
  return templates.filter((t) => {
    const ts = t.split('/');
    return ts.length === segs.length && ts.every((x, i) => (x.startsWith('{') ? segs[i] !== '' : x === segs[i]));
  }).sort((a, b) => captures(a) - captures(b))[0];
}

const results = new Map(); // key -> {ok, n, error}
function note(key, ok, error) {
  const r = results.get(key) ?? { ok: true, n: 0, error: null };
  r.n++;
  if (!ok && r.ok) {
    r.ok = false;
    r.error = error;
  }
  results.set(key, r);
}

const file = process.argv[2];
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const { method, path, status, body } = JSON.parse(line);
  // Webhook bodies are the type-check tier's (tests/types); this document describes answers.
  if (method === 'WEBHOOK') continue;
  const pathname = path.split('?')[0];
  const t = template(path.split('?')[0]);
  const op = t ? doc.paths[t][method.toLowerCase()] : undefined;
  let pointer;
  let key;
  if (op) {
    const code = op.responses[String(status)] ? String(status) : 'default';
    const resp = op.responses[code];
    const content = resp.$ref ? doc.components.responses[resp.$ref.split('/').pop()].content : resp.content;
    if (!content?.['application/json']) {
      note(`${method} ${t} ${status}`, false, 'a JSON answer where the document has none');
      continue;
    }
    pointer = resp.$ref
      ? `/components/responses/${resp.$ref.split('/').pop()}/content/application~1json/schema`
      : `/paths/${esc(t)}/${method.toLowerCase()}/responses/${code}/content/application~1json/schema`;
    key = `${method} ${t} ${status}`;
  } else if (status >= 400) {
    // Unknown paths and methods still answer with the envelope.
    pointer = '/components/schemas/Errors';
    key = `${method} (no operation) ${status}`;
  } else {
    note(`${method} ${pathname} ${status}`, false, 'undocumented successful answer');
    continue;
  }
  const v = validator(pointer);
  const ok = v(body);
  note(key, ok, ok ? null : `${JSON.stringify(v.errors?.slice(0, 2))} in ${JSON.stringify(body).slice(0, 300)}`);
}

// Every route of the server is in the document.
const routes = [...readFileSync(`${root}server/routes.c`, 'utf8').matchAll(/\{METHOD_(\w+), "([^"]+)"/g)];
const missing = routes.filter(([, m, p]) => !doc.paths[alias(p)]?.[m.toLowerCase()]).map(([, m, p]) => `${m} ${p}`);
note('every route in server/routes.c is documented', missing.length === 0, `missing: ${missing.join(', ')}`);
// The JSON copy the server embeds (GET /_mock/openapi.json) is this document.
note('schema/openapi.json is schema/openapi.yaml', readFileSync(`${root}schema/openapi.json`, 'utf8') === jsonText(), 'stale: run node tests/sdk/openapi-json.mjs');
// And nothing was recorded for too few answers to mean anything.
note('answers were recorded', lines.length > 100, `only ${lines.length} answers recorded`);

let passed = 0, failed = 0;
for (const [key, r] of [...results].sort()) {
  if (r.ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${key} (${r.n} answers): ${r.error}`);
  }
}
console.log(`openapi: ${lines.length} answers, ${results.size} kinds`);
console.log(`openapi: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
