// The type-check tier (docs/design.md §10): every successful JSON answer and every webhook the
// integration and SDK tiers recorded (MDRMOCK_RECORD) becomes one typed literal,
//   const b17: MessageSendResponse = {...};
// of the official `telnyx` package's own response type for that call, and `tsc --strict`
// compiles them all.  A literal gets TypeScript's excess-property check, so a field the official
// type does not have fails as surely as a wrong type, a null where none is allowed or a word
// outside an enum.  One test per (call, type): prints "types: N passed, N failed".
//
//   node tests/sdk/types.mjs RECORDED.jsonl OUT_DIR
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [file, outDir] = process.argv.slice(2);

// Where each type lives in the package, by import path.
const M = 'telnyx/resources/messages/messages';
const P = 'telnyx/resources/messaging-profiles/messaging-profiles';
const PA = 'telnyx/resources/messaging-profiles/actions';
const N = 'telnyx/resources/phone-numbers/messaging';
const S = 'telnyx/resources/shared';
const O = 'telnyx/resources/messaging-optouts';
const A = 'telnyx/resources/alphanumeric-sender-ids';
const R = 'telnyx/resources/legacy/reporting/batch-detail-records/messaging';
const W = 'telnyx/resources/webhooks';
const AR = 'telnyx/resources/messaging-profiles/autoresp-configs';
const DR = 'telnyx/resources/detail-records';
const RP = 'telnyx/resources/reports/reports';
const MU = 'telnyx/resources/reports/mdr-usage-reports';
const LU = 'telnyx/resources/legacy/reporting/usage-reports/messaging';
const perPage = (item) => `PerPagePaginationResponse<${item}>`;
const page = (item) => `DefaultFlatPaginationResponse<${item}>`;

// (method, path template) -> [type expression, the names it imports from each module].
const CALLS = [
  ['POST', '/v2/messages', 'MessageSendResponse', { [M]: ['MessageSendResponse'] }],
  ['POST', '/v2/messages/long_code', 'MessageSendLongCodeResponse', { [M]: ['MessageSendLongCodeResponse'] }],
  ['POST', '/v2/messages/short_code', 'MessageSendShortCodeResponse', { [M]: ['MessageSendShortCodeResponse'] }],
  ['POST', '/v2/messages/number_pool', 'MessageSendNumberPoolResponse', { [M]: ['MessageSendNumberPoolResponse'] }],
  ['POST', '/v2/messages/alphanumeric_sender_id', 'MessageSendWithAlphanumericSenderResponse', { [M]: ['MessageSendWithAlphanumericSenderResponse'] }],
  ['POST', '/v2/messages/schedule', 'MessageScheduleResponse', { [M]: ['MessageScheduleResponse'] }],
  ['POST', '/v2/messages/group_mms', 'MessageSendGroupMmsResponse', { [M]: ['MessageSendGroupMmsResponse'] }],
  ['GET', '/v2/messages/group/{}', 'MessageRetrieveGroupMessagesResponse', { [M]: ['MessageRetrieveGroupMessagesResponse'] }],
  ['GET', '/v2/messages/{}', 'MessageRetrieveResponse', { [M]: ['MessageRetrieveResponse'] }],
  ['DELETE', '/v2/messages/{}', 'MessageCancelScheduledResponse', { [M]: ['MessageCancelScheduledResponse'] }],
  ['GET', '/v2/messaging_profiles', page('MessagingMessagingProfile'), { [P]: ['MessagingMessagingProfile'] }],
  ['POST', '/v2/messaging_profiles', 'MessagingProfileCreateResponse', { [P]: ['MessagingProfileCreateResponse'] }],
  ['GET', '/v2/messaging_profiles/{}', 'MessagingProfileRetrieveResponse', { [P]: ['MessagingProfileRetrieveResponse'] }],
  ['PATCH', '/v2/messaging_profiles/{}', 'MessagingProfileUpdateResponse', { [P]: ['MessagingProfileUpdateResponse'] }],
  ['DELETE', '/v2/messaging_profiles/{}', 'MessagingProfileDeleteResponse', { [P]: ['MessagingProfileDeleteResponse'] }],
  ['GET', '/v2/messaging_profiles/{}/phone_numbers', page('PhoneNumberWithMessagingSettings'), { [S]: ['PhoneNumberWithMessagingSettings'] }],
  ['GET', '/v2/messaging_profiles/{}/short_codes', page('ShortCode'), { [S]: ['ShortCode'] }],
  ['GET', '/v2/messaging_profiles/{}/alphanumeric_sender_ids', page('AlphanumericSenderID'), { [A]: ['AlphanumericSenderID'] }],
  ['GET', '/v2/messaging_profiles/{}/metrics', 'MessagingProfileRetrieveMetricsResponse', { [P]: ['MessagingProfileRetrieveMetricsResponse'] }],
  ['POST', '/v2/messaging_profiles/{}/actions/regenerate_secret', 'ActionRegenerateSecretResponse', { [PA]: ['ActionRegenerateSecretResponse'] }],
  ['GET', '/v2/messaging_profiles/{}/autoresp_configs', 'AutorespConfigListResponse', { [AR]: ['AutorespConfigListResponse'] }],
  ['POST', '/v2/messaging_profiles/{}/autoresp_configs', 'AutoRespConfigResponse', { [AR]: ['AutoRespConfigResponse'] }],
  ['GET', '/v2/messaging_profiles/{}/autoresp_configs/{}', 'AutoRespConfigResponse', { [AR]: ['AutoRespConfigResponse'] }],
  ['PUT', '/v2/messaging_profiles/{}/autoresp_configs/{}', 'AutoRespConfigResponse', { [AR]: ['AutoRespConfigResponse'] }],
  ['DELETE', '/v2/messaging_profiles/{}/autoresp_configs/{}', 'AutorespConfigDeleteResponse', { [AR]: ['AutorespConfigDeleteResponse'] }],
  ['GET', '/v2/phone_numbers/messaging', page('PhoneNumberWithMessagingSettings'), { [S]: ['PhoneNumberWithMessagingSettings'] }],
  ['GET', '/v2/phone_numbers/{}/messaging', 'MessagingRetrieveResponse', { [N]: ['MessagingRetrieveResponse'] }],
  ['PATCH', '/v2/phone_numbers/{}/messaging', 'MessagingUpdateResponse', { [N]: ['MessagingUpdateResponse'] }],
  ['GET', '/v2/messaging_optouts', page('MessagingOptoutListResponse'), { [O]: ['MessagingOptoutListResponse'] }],
  ['GET', '/v2/detail_records', page('DetailRecordListResponse'), { [DR]: ['DetailRecordListResponse'] }],
  ['GET', '/v2/reports/mdrs', 'ReportListMdrsResponse', { [RP]: ['ReportListMdrsResponse'] }],
  ['POST', '/v2/reports/mdr_usage_reports', 'MdrUsageReportCreateResponse', { [MU]: ['MdrUsageReportCreateResponse'] }],
  ['GET', '/v2/reports/mdr_usage_reports', page('MdrUsageReport'), { [MU]: ['MdrUsageReport'] }],
  ['GET', '/v2/reports/mdr_usage_reports/sync', 'MdrUsageReportFetchSyncResponse', { [MU]: ['MdrUsageReportFetchSyncResponse'] }],
  ['GET', '/v2/reports/mdr_usage_reports/{}', 'MdrUsageReportRetrieveResponse', { [MU]: ['MdrUsageReportRetrieveResponse'] }],
  ['DELETE', '/v2/reports/mdr_usage_reports/{}', 'MdrUsageReportDeleteResponse', { [MU]: ['MdrUsageReportDeleteResponse'] }],
  ['POST', '/v2/legacy/reporting/usage_reports/messaging', 'LuCreateResponse', { [LU]: ['MessagingCreateResponse as LuCreateResponse'] }],
  ['GET', '/v2/legacy/reporting/usage_reports/messaging', perPage('MdrUsageReportResponseLegacy'), { [LU]: ['MdrUsageReportResponseLegacy'] }],
  ['GET', '/v2/legacy/reporting/usage_reports/messaging/{}', 'LuRetrieveResponse', { [LU]: ['MessagingRetrieveResponse as LuRetrieveResponse'] }],
  ['DELETE', '/v2/legacy/reporting/usage_reports/messaging/{}', 'LuDeleteResponse', { [LU]: ['MessagingDeleteResponse as LuDeleteResponse'] }],
  ['POST', '/v2/legacy/reporting/batch_detail_records/messaging', 'BdrMessagingCreateResponse', { [R]: ['MessagingCreateResponse as BdrMessagingCreateResponse'] }],
  ['GET', '/v2/legacy/reporting/batch_detail_records/messaging', 'BdrMessagingListResponse', { [R]: ['MessagingListResponse as BdrMessagingListResponse'] }],
  ['GET', '/v2/legacy/reporting/batch_detail_records/messaging/{}', 'BdrMessagingRetrieveResponse', { [R]: ['MessagingRetrieveResponse as BdrMessagingRetrieveResponse'] }],
  ['DELETE', '/v2/legacy/reporting/batch_detail_records/messaging/{}', 'BdrMessagingDeleteResponse', { [R]: ['MessagingDeleteResponse as BdrMessagingDeleteResponse'] }],
  ['WEBHOOK', 'message.sent', 'DeliveryUpdateWebhookEvent', { [W]: ['DeliveryUpdateWebhookEvent'] }],
  ['WEBHOOK', 'message.finalized', 'DeliveryUpdateWebhookEvent', { [W]: ['DeliveryUpdateWebhookEvent'] }],
  ['WEBHOOK', 'message.received', 'InboundMessageWebhookEvent', { [W]: ['InboundMessageWebhookEvent'] }],
];

// What is not checked here, and why (docs/design.md §10): the control API and report files are
// ours, not Telnyx's; v1 MDR requests have no type in the SDK (schema/openapi.yaml checks them).
const UNTYPED = [/^\/_mock\//, /^\/downloads\//, /^\/reporting\/mdr_requests/];

// Where Telnyx's documents are wider than the SDK's types, the body is narrowed before typing;
// each rule names its source (docs/behaviour.md §10 lists them).
const NARROW = [
  // The official OpenAPI's messaging_PaginationMeta requires page_size and total_results; the
  // SDK's DefaultFlatPaginationResponse.Meta has only page_number and total_pages.
  ['meta.page_size, meta.total_results (OpenAPI messaging_PaginationMeta)', (b, type) => {
    if (/^(DefaultFlat|PerPage)PaginationResponse</.test(type) && b && typeof b.meta === 'object' && b.meta) {
      delete b.meta.page_size;
      delete b.meta.total_results;
    }
  }],
  // Telnyx's scheduling page documents `scheduled` and `cancelled`; the seed documents inbound
  // `received` and the legacy words; the SDK's enums omit them (docs/behaviour.md §2.3).
  ['to[].status scheduled, cancelled, received and the seed\'s words (docs/behaviour.md §2.3)', (b) => {
    const WIDER = new Set(['scheduled', 'cancelled', 'received', 'gw_timeout', 'dlr_timeout', 'failed']);
    const fix = (m) => {
      if (!m || typeof m !== 'object') return;
      for (const list of [m.to, m.cc]) {
        if (Array.isArray(list)) for (const p of list) if (p && WIDER.has(p.status)) p.status = 'queued';
      }
    };
    const each = (d) => (Array.isArray(d) ? d.forEach(fix) : fix(d));
    each(b?.data);
    if (b && typeof b === 'object') each(b.data?.payload);
    if (b && typeof b === 'object' && b.record_type === 'message') fix(b); // DELETE: the bare message
  }],
];

// Paths as the server reads them: percent-decoded segments, the second spelling of v2 reports.
const decode = (x) => { try { return decodeURIComponent(x); } catch { return x; } };
const templ = (path) => path.split('?')[0].split('/').map(decode).join('/').replace(/^\/v2\/legacy_reporting\//, '/v2/legacy/reporting/');
function callOf(method, path) {
  if (method === 'WEBHOOK') return CALLS.find((c) => c[0] === 'WEBHOOK' && c[1] === path);
  const segs = templ(path).split('/');
  // A literal segment wins over a capture, as in the router.
  return CALLS.filter((c) => {
    if (c[0] !== method) return false;
    const ts = c[1].split('/');
    return ts.length === segs.length && ts.every((t, i) => (t === '{}' ? segs[i] !== '' : t === segs[i]));
  }).sort((a, b) => a[1].split('{}').length - b[1].split('{}').length)[0];
}

const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const imports = new Map([['telnyx/core/pagination', new Set(['DefaultFlatPaginationResponse', 'PerPagePaginationResponse'])]]);
const bodies = [];
const unmapped = new Map();
let untyped = 0;
for (const line of lines) {
  const { method, path, status, body } = JSON.parse(line);
  if (status < 200 || status > 299) continue; // error bodies: schema/openapi.yaml's Errors
  if (method !== 'WEBHOOK' && UNTYPED.some((re) => re.test(path))) {
    untyped++;
    continue;
  }
  const call = callOf(method, path);
  if (!call) {
    const key = `${method} ${templ(path)}`;
    unmapped.set(key, (unmapped.get(key) ?? 0) + 1);
    continue;
  }
  for (const [mod, names] of Object.entries(call[3])) {
    if (!imports.has(mod)) imports.set(mod, new Set());
    for (const n of names) imports.get(mod).add(n);
  }
  const b = structuredClone(body);
  for (const [, rule] of NARROW) rule(b, call[2]);
  bodies.push({ key: `${call[0]} ${call[1]} -> ${call[2]}`, type: call[2], body: b });
}

let passed = 0;
let failed = 0;
for (const [key, n] of unmapped) {
  console.log(`FAIL ${key} (${n} answers): no official type mapped for this call in tests/sdk/types.mjs`);
  failed++;
}
if (bodies.length === 0) {
  console.log('types: nothing to check');
  console.log(`types: 0 passed, ${failed + 1} failed`);
  process.exit(1);
}

// One file, one literal per body; the lines of each key, to map errors back.
mkdirSync(outDir, { recursive: true });
let ts = '';
for (const [mod, names] of imports) ts += `import type { ${[...names].join(', ')} } from '${mod}';\n`;
const lineOf = [];
let lineNo = ts.split('\n').length;
bodies.forEach((b, i) => {
  const text = `export const b${i}: ${b.type} = ${JSON.stringify(b.body, null, 1)};\n`;
  const n = text.split('\n').length - 1;
  lineOf.push([lineNo, lineNo + n - 1, b.key]);
  lineNo += n;
  ts += text;
});
writeFileSync(`${outDir}/bodies.ts`, ts);
writeFileSync(`${outDir}/tsconfig.json`, JSON.stringify({
  compilerOptions: {
    strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
    skipLibCheck: true, exactOptionalPropertyTypes: false, types: [],
    baseUrl: '.', paths: { 'telnyx/*': [`${new URL('./node_modules/telnyx', import.meta.url).pathname}/*`] },
  },
  files: ['bodies.ts'],
}, null, 1));

let out = '';
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', `${outDir}/tsconfig.json`, '--pretty', 'false'], { encoding: 'utf8', maxBuffer: 64 << 20 });
} catch (e) {
  out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
}
// Errors by key: "bodies.ts(LINE,COL): error TSxxxx: ...".
const errors = new Map();
const other = [];
for (const l of out.split('\n').filter(Boolean)) {
  const m = /^.*bodies\.ts\((\d+),\d+\): (error .*)$/.exec(l);
  if (!m) {
    if (/error/.test(l)) other.push(l);
    continue;
  }
  const at = Number(m[1]);
  const hit = lineOf.find(([a, z]) => at >= a && at <= z);
  const key = hit ? hit[2] : 'imports';
  if (!errors.has(key)) errors.set(key, []);
  errors.get(key).push(m[2]);
}
const keys = new Map();
for (const b of bodies) keys.set(b.key, (keys.get(b.key) ?? 0) + 1);
for (const [key, n] of [...keys].sort()) {
  const errs = errors.get(key);
  if (errs) {
    failed++;
    console.log(`FAIL ${key} (${n} bodies): ${errs.length} errors; first: ${errs[0]}`);
  } else {
    passed++;
  }
}
if (errors.has('imports') || other.length > 0) {
  failed++;
  console.log(`FAIL the generated file: ${(errors.get('imports') ?? other).slice(0, 3).join(' | ')}`);
}
console.log(`types: ${bodies.length} bodies, ${keys.size} calls, ${untyped} untyped (control API, files, v1)`);
console.log(`types: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
