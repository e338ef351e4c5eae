// docs/inspector.md §2: GET /_mock/events, the live feed as Server-Sent Events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { start, SMS, send, advance, SLOWDOWN } from './lib/server.mjs';
import { startSink } from './lib/sink.mjs';

// An SSE reader: every event parsed ({id, event, data}), until(pred) with a deadline, close().
function subscribe(s, path = '/_mock/events', headers = {}) {
  const events = [];
  const comments = [];
  let waiters = [];
  let res;
  const req = http.get({ host: s.host, port: s.port, path, headers }, (r) => {
    res = r;
    let buf = '';
    r.setEncoding('utf8');
    r.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          const m = /^(\w+): ?(.*)$/.exec(line);
          if (m) ev[m[1]] = m[2];
        }
        if (ev.data !== undefined) events.push({ id: ev.id === undefined ? undefined : Number(ev.id), event: ev.event, data: JSON.parse(ev.data) });
        else if (ev.retry !== undefined) events.retry = Number(ev.retry);
      }
      for (const w of waiters.splice(0)) w();
    });
  });
  req.on('error', () => {});
  const opened = new Promise((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  return {
    events,
    comments,
    opened,
    get res() { return res; },
    async until(pred, ms = 5000 * SLOWDOWN) {
      const deadline = Date.now() + ms;
      while (!pred(events)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no such events within ${ms} ms; got ${JSON.stringify(events.map((e) => [e.id, e.event]))}`);
        await new Promise((r) => { const t = setTimeout(r, left); waiters.push(() => { clearTimeout(t); r(); }); });
      }
      return events;
    },
    close() { req.destroy(); },
  };
}

const types = (evs) => evs.map((e) => e.event);

test('events arrive in order: a message, the clock, its webhook attempts, a reset', { timeout: 30000 * SLOWDOWN }, async () => {
  const sink = await startSink();
  const s = await start();
  try {
    const feed = subscribe(s);
    const r = await feed.opened;
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/event-stream');
    assert.equal(r.headers['cache-control'], 'no-cache');
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/e` }, 'key-a');
    await advance(s, '5s');
    await feed.until((evs) => evs.filter((e) => e.event === 'webhook.attempt').length >= 2);
    await s.request('POST', '/_mock/reset?tenant=key-a', { key: null });
    const evs = await feed.until((e) => types(e).includes('reset'));
    assert.equal(feed.events.retry, 2000);
    assert.deepEqual(types(evs), ['message.created', 'clock', 'webhook.attempt', 'webhook.attempt', 'reset']);
    // Ids count up by one: nothing in between was hidden from an unfiltered reader.
    evs.forEach((e, i) => assert.equal(e.id, evs[0].id + i));
    assert.equal(evs[0].data.id, m.id);
    assert.match(evs[0].data.tenant, /^t_[0-9a-f]{16}$/);
    assert.equal(evs[0].data.to[0].phone_number, SMS.to);
    assert.equal(typeof evs[1].data.now, 'string');
    assert.deepEqual(evs.slice(2, 4).map((e) => [e.data.message_id, e.data.event_type, e.data.ok]), [[m.id, 'message.sent', true], [m.id, 'message.finalized', true]]);
    assert.equal(evs[4].data.tenant, evs[0].data.tenant);
    feed.close();
  } finally {
    await s.stop();
    await sink.close();
  }
});

test('a reconnect with Last-Event-ID (or ?last_event_id=) resumes after that event, nothing repeated', { timeout: 30000 * SLOWDOWN }, async () => {
  const s = await start();
  try {
    const first = subscribe(s);
    await first.opened;
    for (let i = 0; i < 3; i++) await send(s, { ...SMS, text: `one ${i}` });
    const seen = await first.until((e) => e.length >= 3);
    first.close();
    const last = seen[2].id;
    // While nobody listens, more happens.
    for (let i = 0; i < 2; i++) await send(s, { ...SMS, text: `two ${i}` });
    const again = subscribe(s, '/_mock/events', { 'last-event-id': String(last) });
    const evs = await again.until((e) => e.length >= 2);
    assert.deepEqual(evs.map((e) => e.data.text), ['two 0', 'two 1']);
    assert.equal(evs[0].id, last + 1);
    await send(s, { ...SMS, text: 'three' });
    await again.until((e) => e.length >= 3);
    assert.equal(again.events[2].data.text, 'three');
    again.close();
    const q = subscribe(s, `/_mock/events?last_event_id=${seen[0].id}`);
    assert.deepEqual((await q.until((e) => e.length >= 5)).slice(0, 5).map((e) => e.data.text), ['one 1', 'one 2', 'two 0', 'two 1', 'three']);
    q.close();
    // Without an id: only what comes next.
    const fresh = subscribe(s);
    await fresh.opened;
    await send(s, { ...SMS, text: 'four' });
    assert.deepEqual((await fresh.until((e) => e.length >= 1)).map((e) => e.data.text), ['four']);
    fresh.close();
    // A bad id in the query is a 400; in the header it is ignored (from now).
    const bad = await s.request('GET', '/_mock/events?last_event_id=x1', { key: null });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errors[0].code, '10015');
  } finally {
    await s.stop();
  }
});

test('?tenant=KEY: that tenant\'s events and everyone\'s (the clock), not another tenant\'s', { timeout: 30000 * SLOWDOWN }, async () => {
  const s = await start();
  try {
    const a = subscribe(s, '/_mock/events?tenant=key-a');
    await a.opened;
    await send(s, { ...SMS, text: 'for b' }, 'key-b');
    await send(s, { ...SMS, text: 'for a' }, 'key-a');
    await advance(s, '1s');
    const evs = await a.until((e) => types(e).includes('clock'));
    assert.deepEqual(evs.map((e) => e.data.text ?? e.event), ['for a', 'clock']);
    a.close();
  } finally {
    await s.stop();
  }
});

test('readers hold no thread: 40 open streams on 2 threads, the API still answers; a stop ends them', { timeout: 30000 * SLOWDOWN }, async () => {
  const s = await start(['--threads', '2']);
  const feeds = [];
  try {
    for (let i = 0; i < 40; i++) feeds.push(subscribe(s));
    await Promise.all(feeds.map((f) => f.opened));
    const m = await send(s, SMS);
    assert.ok(m.id);
    await Promise.all(feeds.map((f) => f.until((e) => e.length >= 1)));
    for (const f of feeds) assert.equal(f.events[0].data.id, m.id);
    const ended = Promise.all(feeds.map((f) => new Promise((r) => f.res.on('end', r).on('close', r))));
    await s.stop(); // fails the test unless the server exits 0 in time
    await ended;
  } finally {
    for (const f of feeds) f.close();
    await s.stop().catch(() => {});
  }
});

test('a reader left far behind is told to resync and goes on from the newest, without its backlog', { timeout: 30000 * SLOWDOWN }, async () => {
  const s = await start(['--quiet']);
  try {
    const first = subscribe(s);
    await first.opened;
    await send(s, SMS);
    await first.until((e) => e.length >= 1);
    first.close();
    const from = first.events[0].id;
    // 4,100 more events: past the 4,096 the ring keeps, and far past the 256 a reader may lag.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    for (let i = 0; i < 4100; i += 50) await Promise.all(Array.from({ length: 50 }, () => s.request('POST', '/v2/messages', { body: SMS, agent })));
    agent.destroy();
    const late = subscribe(s, '/_mock/events', { 'last-event-id': String(from) });
    let evs = await late.until((e) => e.length >= 1);
    assert.equal(evs[0].event, 'resync');
    assert.equal(evs[0].data.missed, 4100, JSON.stringify(evs[0]));
    // Nothing of the backlog follows; the next event is the next one published.
    const m = await send(s, SMS);
    evs = await late.until((e) => e.length >= 2);
    assert.equal(evs[1].id, from + 4101);
    assert.equal(evs[1].data.id, m.id);
    late.close();
  } finally {
    await s.stop();
  }
});

test('a silent stream sends a keep-alive comment after 15 s, and events still follow it', { timeout: 60000 * SLOWDOWN }, async () => {
  const s = await start();
  try {
    const feed = subscribe(s);
    await feed.opened;
    const t0 = Date.now();
    const deadline = t0 + 25000 * SLOWDOWN;
    while (!feed.comments.includes(': keep-alive') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(feed.comments.includes(': keep-alive'), 'no keep-alive within 25 s');
    assert.ok(Date.now() - t0 >= 14000, `a keep-alive after ${Date.now() - t0} ms, before 15 s of silence`);
    await send(s, SMS);
    await feed.until((e) => e.length >= 1);
    feed.close();
  } finally {
    await s.stop();
  }
});

test('report.created carries the report as GET /_mock/reports lists it; report.deleted its id', { timeout: 30000 * SLOWDOWN }, async () => {
  const s = await start(['--clock', 'frozen']);
  const ev = subscribe(s);
  try {
    await ev.opened;
    const v1 = (await s.request('POST', '/reporting/mdr_requests', { key: 'key-a', body: { start_time: '2026-01-01T00:00:00Z', report_name: 'live' } })).json;
    const usage = (await s.request('POST', '/v2/reports/mdr_usage_reports', { key: 'key-a', body: { start_date: '2026-01-01T00:00:00Z', end_date: '2026-02-01T00:00:00Z', aggregation_type: 'NO_AGGREGATION' } })).json.data;
    const listed = (await s.request('GET', '/_mock/reports', { key: null })).json.data;
    await s.request('DELETE', `/reporting/mdr_requests/${v1.id}`, { key: 'key-a' });
    await s.request('DELETE', `/v2/reports/mdr_usage_reports/${usage.id}`, { key: 'key-a' });
    const got = (await ev.until((e) => e.filter((x) => x.event.startsWith('report.')).length >= 4)).filter((x) => x.event.startsWith('report.'));
    assert.deepEqual(types(got), ['report.created', 'report.created', 'report.deleted', 'report.deleted']);
    assert.deepEqual(got[0].data, listed.find((x) => x.id === v1.id));
    assert.deepEqual(got[1].data, listed.find((x) => x.id === usage.id));
    assert.deepEqual(got[2].data, { id: v1.id });
    assert.deepEqual(got[3].data, { id: usage.id });
    assert.equal(got[0].data.status, 'pending');
  } finally {
    ev.close();
    await s.stop();
  }
});
