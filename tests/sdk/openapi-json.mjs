// schema/openapi.json is schema/openapi.yaml as JSON, committed so the build
// embeds it (GET /_mock/openapi.json) without a YAML parser in C or Node at
// build time.  Writes it; with --check, exits 1 when the committed file is stale.
//
//   node tests/sdk/openapi-json.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
export const jsonText = () => `${JSON.stringify(parse(readFileSync(`${root}schema/openapi.yaml`, 'utf8')), null, 1)}\n`;

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const want = jsonText();
  if (process.argv.includes('--check')) {
    if (readFileSync(`${root}schema/openapi.json`, 'utf8') !== want) {
      console.error('schema/openapi.json is stale: run node tests/sdk/openapi-json.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(`${root}schema/openapi.json`, want);
  }
}
