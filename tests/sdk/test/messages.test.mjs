// What real clients do: the official telnyx npm package (pinned in
// package.json) against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, { NotFoundError, BadRequestError, AuthenticationError, ConflictError } from 'telnyx';
import { start, advance, SEED_ID, recordingFetch } from '../../integration/lib/server.mjs';

let s, client;
before(async () => {
  s = await start(['--api-key', 'KEY_SDK', '--api-key', 'KEY_OTHER']);
  client = new Telnyx({ apiKey: 'KEY_SDK', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
});
after(async () => { await s.stop(); });

test('messages.send answers a queued message', async () => {
  const r = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'Hello from the SDK' });
  const m = r.data;
  assert.equal(m.record_type, 'message');
  assert.equal(m.direction, 'outbound');
  assert.equal(m.to[0].status, 'queued');
  assert.equal(m.to[0].phone_number, '+18665550002');
  assert.equal(m.text, 'Hello from the SDK');
  assert.equal(m.encoding, 'GSM-7');
  assert.equal(m.cost, null);
});

test('messages.retrieve follows the lifecycle as the clock advances', async () => {
  const { data: sent } = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'lifecycle' });
  const seen = [];
  for (const step of ['0ms', '500ms', '500ms', '2s']) {
    await advance(s, step);
    const { data } = await client.messages.retrieve(sent.id);
    seen.push(data.to[0].status);
    if (data.to[0].status === 'delivered') {
      assert.deepEqual(data.cost, { amount: '0.0040', currency: 'USD' });
      assert.equal(Date.parse(data.completed_at) - Date.parse(data.received_at), 3000);
    }
  }
  assert.deepEqual(seen, ['queued', 'sending', 'sent', 'delivered']);
});

test('a failing scenario: delivery_failed with its error', async () => {
  const { data: sent } = await client.messages.send({ from: '+18445550001', to: '+18665550101', text: 'x' });
  await advance(s, '3s');
  const { data } = await client.messages.retrieve(sent.id);
  assert.equal(data.to[0].status, 'delivery_failed');
  assert.equal(data.errors[0].code, '40008');
});

test('the seed fixture message is retrievable', async () => {
  const { data } = await client.messages.retrieve(SEED_ID);
  assert.equal(data.text, 'Hello, World!');
  assert.equal(data.to[0].status, 'delivered');
});

test('NotFoundError with status 404 for an unknown id and for another tenant\'s message', async () => {
  await assert.rejects(client.messages.retrieve('00000000-0000-4000-8000-000000000000'), (e) => {
    assert.ok(e instanceof NotFoundError, e.constructor.name);
    assert.equal(e.status, 404);
    assert.equal(e.error.errors[0].code, '10005');
    return true;
  });
  const { data } = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'mine' });
  const other = new Telnyx({ apiKey: 'KEY_OTHER', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
  await assert.rejects(other.messages.retrieve(data.id), (e) => e instanceof NotFoundError && e.status === 404);
});

test('BadRequestError with status 400, the code and the pointer', async () => {
  await assert.rejects(client.messages.send({ from: '+18445550001', to: 'nobody', text: 'x' }), (e) => {
    assert.ok(e instanceof BadRequestError, e.constructor.name);
    assert.equal(e.status, 400);
    assert.equal(e.error.errors[0].code, '40310');
    assert.deepEqual(e.error.errors[0].source, { pointer: '/to' });
    return true;
  });
});

test('an opt-out is a ConflictError (409, 40300); with default retries the SDK tries three times', async () => {
  await assert.rejects(client.messages.send({ from: '+18445550001', to: '+18665550106', text: 'x' }), (e) => {
    assert.ok(e instanceof ConflictError, e.constructor.name);
    assert.equal(e.status, 409);
    assert.equal(e.error.errors[0].code, '40300');
    assert.deepEqual(e.error.errors[0].source, { pointer: '/to' });
    return true;
  });
  // The SDK retries 409 by default (maxRetries 2): a client that keeps the default sees the
  // same ConflictError after three attempts, and nothing was stored by any of them.
  const before = (await s.request('GET', '/_mock/requests', { key: null })).json.meta.total;
  const patient = new Telnyx({ apiKey: 'KEY_SDK', baseURL: `${s.url}/v2`, fetch: recordingFetch });
  await assert.rejects(patient.messages.send({ from: '+18445550001', to: '+13125550106', text: 'y' }), (e) => e instanceof ConflictError);
  const journal = (await s.request('GET', '/_mock/requests', { key: null })).json;
  assert.equal(journal.meta.total - before, 3);
  assert.ok(journal.data.slice(-3).every((r) => r.method === 'POST' && r.path === '/v2/messages' && r.status === 409));
  const listed = (await s.request('GET', '/_mock/messages?to=%2B13125550106', { key: null })).json;
  assert.equal(listed.meta.total_results, 0);
});

test('AuthenticationError with status 401 for a key outside --api-key', async () => {
  const bad = new Telnyx({ apiKey: 'NOT_LISTED', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
  await assert.rejects(bad.messages.send({ from: '+18445550001', to: '+18665550002', text: 'x' }), (e) => {
    assert.ok(e instanceof AuthenticationError, e.constructor.name);
    assert.equal(e.status, 401);
    return true;
  });
});
