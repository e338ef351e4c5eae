// The mdrmock inspector (docs/inspector.md §3): one page, hash routes, everything read from
// the control API and kept live by GET /_mock/events. Plain modern JavaScript, no build step.

const views = {};
const main = document.getElementById('main');
const flashes = document.getElementById('flash'); // outside main: a redraw keeps them
const clockEl = document.getElementById('clock-now');
const liveEl = document.getElementById('live');

// --- helpers --------------------------------------------------------------------------------

const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

class ApiError extends Error {
  constructor(status, body) {
    super(body?.errors?.[0]?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

// One call to the server; JSON in and out. Same origin, so a browser's Basic credentials
// (--admin-token, docs/inspector.md §1) go with it.
async function api(method, path, body) {
  const init = { method, headers: {} };
  // The server takes a state-changing control call only as JSON (docs/behaviour.md §6.5).
  if (body !== undefined || method !== 'GET') init.headers['content-type'] = 'application/json';
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(path, init);
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

const qs = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
};

const when = (iso) => (iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '').replace(/\+00:00$/, '') : '');
const statusOf = (m) => (m.direction === 'inbound' ? m.to?.[0]?.status : m.to?.[0]?.status) ?? '';
const failed = (s) => /fail/.test(s);

function html(strings, ...values) {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? values[i] : ''), '');
}

function flash(text, kind = 'ok') {
  const el = document.createElement('p');
  el.className = `flash ${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.textContent = text;
  flashes.append(el);
  setTimeout(() => el.remove(), 4000);
}

// --- drawing --------------------------------------------------------------------------------

// A field's place, the same before and after a redraw: its form's class and its name.
const fieldKey = (el) => `${el.form?.className ?? ''}|${el.name || el.id}`;
const edited = (el) => {
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
  if (el.tagName === 'SELECT') return [...el.options].some((o) => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
};
const foldKey = (d, i) => d.dataset.attempt ?? d.id ?? `#${i}`;

// Replaces the view with new HTML, keeping what a person is doing in it (docs/inspector.md §3):
// what they typed or chose in a field, which field has the focus and where its cursor is,
// which folds are open, and how far each table is scrolled. Redraws come from events and,
// while the clock runs, every two seconds: none may take a person's input away.
function draw(markup) {
  const typed = new Map();
  let focus = null;
  for (const el of main.querySelectorAll('input, select, textarea')) {
    if (!el.name && !el.id) continue;
    if (edited(el)) typed.set(fieldKey(el), el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value);
    if (el === document.activeElement) focus = { key: fieldKey(el), start: el.selectionStart, end: el.selectionEnd };
  }
  const open = new Set([...main.querySelectorAll('details')].map((d, i) => (d.open ? foldKey(d, i) : null)).filter(Boolean));
  const scrolled = [...main.querySelectorAll('.scroll')].map((e) => [e.scrollTop, e.scrollLeft]);
  main.innerHTML = markup;
  for (const el of main.querySelectorAll('input, select, textarea')) {
    const k = fieldKey(el);
    if (typed.has(k)) {
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = typed.get(k);
      else el.value = typed.get(k);
    }
    if (focus && focus.key === k) {
      el.focus();
      if (focus.start !== null && typeof el.setSelectionRange === 'function') {
        try { el.setSelectionRange(focus.start, focus.end); } catch { /* a type without a cursor */ }
      }
    }
  }
  main.querySelectorAll('details').forEach((d, i) => { if (open.has(foldKey(d, i))) d.open = true; });
  main.querySelectorAll('.scroll').forEach((e, i) => { if (scrolled[i]) [e.scrollTop, e.scrollLeft] = scrolled[i]; });
}

// --- routing --------------------------------------------------------------------------------

// '#/messages?to=..' -> { name: 'messages', args: [], params: {to: ..} }
function route() {
  const h = location.hash.replace(/^#\/?/, '') || 'messages';
  const [path, query = ''] = h.split('?');
  const [name, ...args] = path.split('/').map(decodeURIComponent);
  return { name, args, params: Object.fromEntries(new URLSearchParams(query)) };
}

let current = null; // { refresh(), onEvent(type, data) }

async function render() {
  const r = route();
  const view = views[r.name] ?? views.messages;
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.getAttribute('href') === `#/${r.name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  current = view(r);
  try {
    await current.refresh();
  } catch (e) {
    main.innerHTML = html`<h2>Something went wrong</h2><p class="error">${esc(e.message)}</p>`;
  }
}

// A refresh soon, at most one at a time: bursts of events become one reload.
let pending = null;
function soon(ms = 150) {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    try {
      await current?.refresh(true);
    } catch {
      /* shown on the next full render */
    }
  }, ms);
}

// --- the clock ------------------------------------------------------------------------------

const clock = { now: null, frozen: true, scale: 1, at: 0 };
function setClock(c) {
  clock.now = Date.parse(c.now);
  clock.frozen = c.frozen;
  clock.scale = c.time_scale;
  clock.at = Date.now();
  showClock();
}
function virtualNow() {
  if (clock.now === null) return null;
  return clock.frozen ? clock.now : clock.now + (Date.now() - clock.at) * clock.scale;
}
function showClock() {
  const n = virtualNow();
  if (n === null) return;
  clockEl.textContent = `${new Date(n).toISOString().replace('T', ' ').slice(0, 19)} UTC${clock.frozen ? ' (frozen)' : ''}`;
}
setInterval(showClock, 1000);
// While the clock runs, statuses move by themselves (docs/inspector.md §2): look again.
setInterval(() => {
  if (!clock.frozen && document.visibilityState === 'visible') soon(0);
}, 2000);

// --- live updates ---------------------------------------------------------------------------

function connect() {
  const es = new EventSource('/_mock/events');
  es.onopen = () => {
    liveEl.classList.add('on');
    liveEl.title = 'live updates: connected';
  };
  es.onerror = () => {
    liveEl.classList.remove('on');
    liveEl.title = 'live updates: reconnecting';
  };
  for (const type of ['message.created', 'webhook.attempt', 'report.created', 'report.deleted', 'clock', 'reset', 'resync']) {
    es.addEventListener(type, (ev) => {
      const data = JSON.parse(ev.data);
      if (type === 'clock') setClock(data);
      if (type === 'reset') api('GET', '/_mock/clock').then(setClock).catch(() => {});
      if (current?.onEvent?.(type, data) !== false) soon();
    });
  }
}

// --- views ----------------------------------------------------------------------------------

const STATUSES = ['queued', 'sending', 'sent', 'delivered', 'delivery_unconfirmed', 'sending_failed', 'delivery_failed', 'scheduled', 'cancelled', 'webhook_delivered', 'received'];
const PAGE = 50;

function messageRow(m) {
  const st = statusOf(m);
  const ours = m.direction === 'outbound' ? m.from?.phone_number : m.to?.[0]?.phone_number;
  const theirs = m.direction === 'outbound' ? m.to?.[0]?.phone_number : m.from?.phone_number;
  return html`<tr class="${failed(st) ? 'fail' : ''}" data-id="${esc(m.id)}">
    <td><time>${esc(when(m.received_at))}</time></td>
    <td>${m.direction === 'outbound' ? '→ out' : '← in'}</td>
    <td>${esc(m.from?.phone_number)}</td>
    <td>${esc(m.to?.map((t) => t.phone_number).join(', '))}</td>
    <td class="text">${esc(m.text)}</td>
    <td><span class="status s-${esc(st)}">${esc(st)}</span></td>
    <td class="num">${esc(m.parts)}</td>
    <td class="num">${esc(m.cost?.amount ?? '')}</td>
    <td>${esc(m.tenant)}</td>
    <td class="actions"><a href="#/message/${encodeURIComponent(m.id)}">details</a>
      <a href="#/chat/${encodeURIComponent(ours)}/${encodeURIComponent(theirs)}">conversation</a></td>
  </tr>`;
}

views.messages = ({ params }) => {
  const page = Math.max(1, Number(params.page ?? 1));
  const filters = { tenant: params.tenant, number: params.number, direction: params.direction, status: params.status, text: params.text };
  const go = (p) => {
    location.hash = `#/messages${qs({ ...filters, page: p > 1 ? p : undefined })}`;
  };
  return {
    async refresh(quiet) {
      const r = await api('GET', `/_mock/messages${qs({ ...filters, page, per_page: PAGE })}`);
      const total = r.meta.total_results;
      const last = Math.max(1, Math.ceil(total / PAGE));
      const form = main.querySelector('form.filters');
      if (quiet && form) {
        main.querySelector('tbody').innerHTML = r.data.map(messageRow).join('');
        main.querySelector('.count').textContent = `${total} message${total === 1 ? '' : 's'}`;
        return;
      }
      draw(html`<h2>Messages</h2>
        <form class="filters" aria-label="Filter messages">
          <label>Tenant (API key) <input name="tenant" value="${esc(filters.tenant)}" autocomplete="off"></label>
          <label>Number <input name="number" value="${esc(filters.number)}" placeholder="+1..."></label>
          <label>Direction <select name="direction"><option value="">any</option>
            ${['outbound', 'inbound'].map((d) => `<option ${filters.direction === d ? 'selected' : ''}>${d}</option>`).join('')}</select></label>
          <label>Status <select name="status"><option value="">any</option>
            ${STATUSES.map((s) => `<option ${filters.status === s ? 'selected' : ''}>${s}</option>`).join('')}</select></label>
          <label>Text <input name="text" value="${esc(filters.text)}"></label>
          <button type="submit">Filter</button> <button type="reset">Clear</button>
        </form>
        <p class="count" aria-live="polite">${total} message${total === 1 ? '' : 's'}</p>
        <div class="scroll"><table class="messages">
          <caption class="sr">Messages, newest first</caption>
          <thead><tr><th scope="col">Received</th><th scope="col">Dir.</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Text</th><th scope="col">Status</th><th scope="col">Parts</th><th scope="col">Cost</th><th scope="col">Tenant</th><th scope="col"><span class="sr">Links</span></th></tr></thead>
          <tbody>${r.data.map(messageRow).join('')}</tbody>
        </table></div>
        <nav class="pager" aria-label="Pages of messages">
          <button type="button" data-go="${page - 1}" ${page <= 1 ? 'disabled' : ''}>Newer</button>
          <span>page ${page} of ${last}</span>
          <button type="button" data-go="${page + 1}" ${page >= last ? 'disabled' : ''}>Older</button>
        </nav>`);
      const f = main.querySelector('form.filters');
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const d = Object.fromEntries(new FormData(f));
        location.hash = `#/messages${qs(d)}`;
      });
      f.addEventListener('reset', () => {
        location.hash = '#/messages';
      });
      main.querySelectorAll('[data-go]').forEach((b) => b.addEventListener('click', () => go(Number(b.dataset.go))));
    },
    onEvent(type) {
      // Older pages stay still while new messages arrive; the first page follows them.
      return type !== 'message.created' || page === 1;
    },
  };
};

function attemptRows(list) {
  return list.map((a) => html`<tr class="${a.ok ? '' : 'fail'}">
    <td><time>${esc(when(a.at))}</time></td><td>${esc(a.event_type)}</td><td class="url">${esc(a.url)}</td>
    <td class="num">${esc(a.attempt)}</td><td>${a.ok ? 'ok' : 'failed'} ${esc(a.status ?? '')}</td>
    <td class="error">${esc(a.error ?? '')}</td><td class="num">${esc(a.latency_ms)} ms</td>
    <td><a href="#/message/${encodeURIComponent(a.message_id)}">${esc(a.message_id.slice(0, 8))}</a></td></tr>`).join('');
}
const ATTEMPT_HEAD = '<thead><tr><th scope="col">At (real)</th><th scope="col">Event</th><th scope="col">URL</th><th scope="col">Attempt</th><th scope="col">Outcome</th><th scope="col">Error</th><th scope="col">Latency</th><th scope="col">Message</th></tr></thead>';

// One attempt's request and answer (GET /_mock/webhooks?detail=true), folded.
const pretty = (text) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};
function exchange(a) {
  const head = a.request ? Object.entries(a.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n') : '';
  const answer = a.response === null ? (a.request ? `no answer: ${a.error ?? ''}` : 'not kept') : `${a.status}\n${a.response.body}${a.response.truncated ? '\n… (cut at 4 KiB)' : ''}`;
  return html`<details class="exchange ${a.ok ? '' : 'fail'}" data-attempt="${esc(a.url)}#${esc(a.attempt)}">
    <summary>${esc(a.event_type)} · attempt ${esc(a.attempt)} to <span class="url">${esc(a.url)}</span> · ${a.ok ? 'ok' : 'failed'} ${esc(a.status ?? a.error ?? '')}</summary>
    ${a.request ? html`<h4>Request headers</h4><pre class="headers" tabindex="0">${esc(head)}</pre>
    <h4>Request body</h4><pre class="json request-body" tabindex="0">${esc(pretty(a.request.body))}</pre>` : '<p>Not kept for this attempt.</p>'}
    <h4>Response</h4><pre class="response" tabindex="0">${esc(answer)}</pre></details>`;
}

views.message = ({ args }) => {
  const id = args[0];
  return {
    async refresh() {
      const [r, w] = await Promise.all([
        api('GET', `/_mock/messages/${encodeURIComponent(id)}`),
        api('GET', `/_mock/webhooks${qs({ message_id: id, detail: 'true' })}`),
      ]);
      const m = r.data;
      const ours = m.direction === 'outbound' ? m.from?.phone_number : m.to?.[0]?.phone_number;
      const theirs = m.direction === 'outbound' ? m.to?.[0]?.phone_number : m.from?.phone_number;
      draw(html`<h2>Message <code>${esc(m.id)}</code></h2>
        <p><a href="#/chat/${encodeURIComponent(ours)}/${encodeURIComponent(theirs)}">Conversation</a> · tenant ${esc(r.meta.tenant)}</p>
        <section aria-labelledby="tl"><h3 id="tl">Timeline (virtual time)</h3>
          <ol class="timeline">${r.meta.timeline.map((t) => `<li><span class="status s-${esc(t.status)}">${esc(t.status)}</span> <time>${esc(when(t.at))}</time></li>`).join('')}</ol></section>
        <section aria-labelledby="wh"><h3 id="wh">Webhook attempts</h3>
          ${w.data.length ? `<div class="scroll"><table>${ATTEMPT_HEAD}<tbody>${attemptRows([...w.data].reverse())}</tbody></table></div>
          <div class="exchanges">${[...w.data].reverse().map(exchange).join('')}</div>` : '<p>None yet.</p>'}</section>
        <section aria-labelledby="js"><h3 id="js">As <code>GET /v2/messages/{id}</code> answers it</h3>
          <pre class="json" tabindex="0">${esc(JSON.stringify({ data: m }, null, 2))}</pre></section>`);
    },
  };
};

views.chat = ({ args }) => {
  const [ours, theirs] = args;
  return {
    async refresh(quiet) {
      const r = await api('GET', `/_mock/messages${qs({ number: ours, peer: theirs, per_page: 250 })}`);
      const bubbles = [...r.data].reverse().map((m) => {
        const out = m.direction === 'outbound';
        const st = statusOf(m);
        return html`<li class="bubble ${out ? 'out' : 'in'} ${failed(st) ? 'fail' : ''}" data-id="${esc(m.id)}">
          <p>${esc(m.text)}</p>
          <small><time>${esc(when(m.received_at))}</time> · <span class="status s-${esc(st)}">${esc(st)}</span> · <a href="#/message/${encodeURIComponent(m.id)}">details</a></small></li>`;
      }).join('');
      const list = main.querySelector('ol.chat');
      if (quiet && list) {
        list.innerHTML = bubbles;
        list.scrollTop = list.scrollHeight;
        return;
      }
      draw(html`<h2>${esc(ours)} ⇄ ${esc(theirs)}</h2>
        <p class="hint">You are ${esc(theirs)}: what you type arrives at ${esc(ours)} as an inbound message.</p>
        <ol class="chat" aria-label="Conversation" aria-live="polite">${bubbles}</ol>
        <form class="reply" aria-label="Reply as ${esc(theirs)}">
          <label for="reply-text" class="sr">Reply as ${esc(theirs)}</label>
          <input id="reply-text" name="text" required autocomplete="off" placeholder="Reply as ${esc(theirs)} (try STOP)">
          <button type="submit">Send</button>
        </form>`);
      const l = main.querySelector('ol.chat');
      l.scrollTop = l.scrollHeight;
      const f = main.querySelector('form.reply');
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const input = f.elements.text;
        try {
          await api('POST', '/_mock/inbound', { from: theirs, to: ours, text: input.value });
          input.value = '';
          await this.refresh(true);
        } catch (e) {
          flash(e.message, 'error');
        }
        input.focus();
      });
    },
  };
};

views.webhooks = () => ({
  async refresh() {
    const w = await api('GET', '/_mock/webhooks?limit=200');
    const rows = [...w.data].reverse();
    const bad = rows.filter((a) => !a.ok).length;
    draw(html`<h2>Webhooks</h2>
      <p class="count" aria-live="polite">${rows.length} attempt${rows.length === 1 ? '' : 's'} (newest first, at most 200), ${bad} failed</p>
      ${rows.length ? `<div class="scroll"><table class="webhooks">${ATTEMPT_HEAD}<tbody>${attemptRows(rows)}</tbody></table></div>` : '<p>No delivery attempts yet.</p>'}`);
  },
  onEvent(type) {
    return type !== 'message.created';
  },
});

// The rows of RFC 4180 text (quoted fields, doubled quotes, CRLF line ends).
function csvRows(text) {
  const rows = [];
  let row = [], field = '', quoted = false, i = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

// The header and first n rows of a report's file: the download itself, asked for n + 1 rows
// (?rows=, docs/behaviour.md §4.4), so a big report is not fetched whole for a preview.
// A report's file does not change once it can be downloaded: each preview is fetched once (the
// last few kept), not again on every redraw.
const previews = new Map();
async function csvHead(url, n) {
  const key = `${url}|${n}`;
  if (!previews.has(key)) {
    const p = fetchHead(url, n);
    previews.set(key, p);
    p.catch(() => previews.delete(key));
    while (previews.size > 20) previews.delete(previews.keys().next().value);
  }
  return previews.get(key);
}
async function fetchHead(url, n) {
  const u = new URL(url);
  u.searchParams.set('rows', String(n + 1));
  const r = await fetch(u.pathname + u.search); // same server, whatever host the link names
  if (!r.ok) throw new Error(`the download answered ${r.status}`);
  const rows = csvRows(await r.text());
  return { rows: rows.slice(0, n + 1), more: rows.length > n + 1 };
}

const PREVIEW_ROWS = 10;

views.reports = ({ params }) => ({
  async refresh() {
    const r = await api('GET', `/_mock/reports${qs({ tenant: params.tenant, limit: 200 })}`);
    const chosen = r.data.find((x) => x.id === params.preview);
    const link = (x) => `#/reports${qs({ tenant: params.tenant, preview: x.id })}`;
    let preview = '';
    if (chosen) {
      let body = '<p>Pending: no file yet.</p>';
      if (chosen.download_url) {
        const { rows, more } = await csvHead(chosen.download_url, PREVIEW_ROWS);
        const [head = [], ...data] = rows;
        body = html`<p>${more ? `The first ${data.length} rows` : `${data.length} row${data.length === 1 ? '' : 's'}, the whole file`} · <a class="download" href="${esc(chosen.download_url)}" download>Download the CSV</a></p>
          <div class="scroll"><table class="csv"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
          <tbody>${data.map((row) => `<tr>${row.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
      } else if (chosen.status !== 'pending') body = `<p>${esc(chosen.status)}: nothing to download.</p>`;
      preview = html`<section aria-labelledby="rp" class="preview"><h3 id="rp">Report <code>${esc(chosen.id)}</code></h3>
        <p><code>GET ${esc(chosen.path)}</code> (tenant ${esc(chosen.tenant)}) answers:</p>
        <pre class="json" tabindex="0">${esc(JSON.stringify(chosen.report, null, 2))}</pre>
        <h4>The file</h4>${body}</section>`;
    }
    draw(html`<h2>Reports</h2>
      <form class="filters" aria-label="Filter reports">
        <label>Tenant (API key) <input name="tenant" value="${esc(params.tenant)}" autocomplete="off"></label>
        <button type="submit">Filter</button>
      </form>
      <p class="count" aria-live="polite">${r.data.length} report${r.data.length === 1 ? '' : 's'} (newest first)</p>
      ${r.data.length ? html`<div class="scroll"><table class="reports">
        <thead><tr><th scope="col">Created</th><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Tenant</th><th scope="col"><span class="sr">Links</span></th></tr></thead>
        <tbody>${r.data.map((x) => html`<tr class="${x.status === 'failed' ? 'fail' : ''}" data-id="${esc(x.id)}">
          <td><time>${esc(when(x.created_at))}</time></td><td>${esc(x.kind)}</td><td>${esc(x.name ?? '')}</td>
          <td><span class="status r-${esc(x.status)}">${esc(x.status)}</span></td><td>${esc(x.tenant)}</td>
          <td class="actions"><a href="${link(x)}">preview</a>${x.download_url ? ` <a href="${esc(x.download_url)}" download>CSV</a>` : ''}</td></tr>`).join('')}</tbody>
      </table></div>` : '<p>No reports yet: create one through the API (<code>POST /reporting/mdr_requests</code>, the batch or usage reports).</p>'}
      ${preview}`);
    const f = main.querySelector('form.filters');
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = `#/reports${qs(Object.fromEntries(new FormData(f)))}`;
    });
  },
  onEvent(type) {
    return type !== 'message.created' && type !== 'webhook.attempt';
  },
});

views.control = () => ({
  async refresh() {
    const [c, f, k] = await Promise.all([api('GET', '/_mock/clock'), api('GET', '/_mock/faults'), api('GET', '/_mock/webhook_key')]);
    setClock(c);
    draw(html`<h2>Control</h2>
      <section aria-labelledby="c-clock"><h3 id="c-clock">Virtual clock</h3>
        <p>Now: <output id="clock-value">${esc(c.now)}</output> ${c.frozen ? '(frozen)' : `(running, ×${esc(c.time_scale)})`}</p>
        <div class="buttons">
          <button type="button" data-freeze="${c.frozen ? 'false' : 'true'}">${c.frozen ? 'Unfreeze' : 'Freeze'}</button>
          ${['1s', '1m', '1h', '1d'].map((d) => `<button type="button" data-advance="${d}">+${d}</button>`).join('')}
        </div>
        <form class="advance"><label>Advance by <input name="advance" placeholder="90s, 5m, 2h, 3d" pattern="\\d+(\\.\\d+)?[smhd]" required></label> <button type="submit">Advance</button></form>
      </section>
      <section aria-labelledby="c-faults"><h3 id="c-faults">Faults</h3>
        ${f.data.length ? `<div class="scroll"><table class="faults"><thead><tr><th scope="col">Id</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Code</th><th scope="col">Left</th><th scope="col">Hits</th><th scope="col">Tenant</th><th scope="col"><span class="sr">Delete</span></th></tr></thead><tbody>
          ${f.data.map((x) => `<tr><td>${x.id}</td><td>${esc(x.method ?? '*')}</td><td>${esc(x.path)}</td><td>${esc(x.status ?? '')}</td><td>${esc(x.code ?? '')}</td><td>${esc(x.count ?? '∞')}</td><td>${esc(x.hits)}</td><td>${esc(x.tenant ?? 'all')}</td><td><button type="button" data-delete="${x.id}" aria-label="Delete fault ${x.id}">Delete</button></td></tr>`).join('')}
        </tbody></table></div>` : '<p>No faults.</p>'}
        <form class="fault">
          <label>Method <select name="method"><option value="">any</option>${['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => `<option>${m}</option>`).join('')}</select></label>
          <label>Path <input name="path" value="/v2/messages" required></label>
          <label>Status <input name="status" type="number" min="400" max="599" value="503" required></label>
          <label>Count <input name="count" type="number" min="1" placeholder="until deleted"></label>
          <label>Tenant (API key) <input name="tenant" placeholder="everyone" autocomplete="off"></label>
          <button type="submit">Add fault</button>
        </form>
      </section>
      <section aria-labelledby="c-reset"><h3 id="c-reset">Reset</h3>
        <form class="reset"><label>Tenant (API key) <input name="tenant" placeholder="everything" autocomplete="off"></label> <button type="submit">Reset</button></form>
      </section>
      <section aria-labelledby="c-key"><h3 id="c-key">Webhook public key</h3>
        <p>Verifies <code>telnyx-signature-ed25519</code>: <code class="key">${esc(k.public_key)}</code></p>
      </section>`);
    const act = async (fn, done) => {
      try {
        await fn();
        if (done) flash(done);
        await this.refresh();
      } catch (e) {
        flash(e.message, 'error');
      }
    };
    main.querySelector('[data-freeze]').addEventListener('click', (e) => act(() => api('POST', '/_mock/clock', { freeze: e.target.dataset.freeze === 'true' })));
    main.querySelectorAll('[data-advance]').forEach((b) => b.addEventListener('click', () => act(() => api('POST', '/_mock/clock', { advance: b.dataset.advance }))));
    main.querySelector('form.advance').addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(() => api('POST', '/_mock/clock', { advance: ev.target.elements.advance.value }));
    });
    main.querySelectorAll('[data-delete]').forEach((b) => b.addEventListener('click', () => act(() => api('DELETE', `/_mock/faults/${b.dataset.delete}`), 'Fault deleted.')));
    main.querySelector('form.fault').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const d = Object.fromEntries(new FormData(ev.target));
      const body = { path: d.path, status: Number(d.status) };
      if (d.method) body.method = d.method;
      if (d.count) body.count = Number(d.count);
      if (d.tenant) body.tenant = d.tenant;
      act(() => api('POST', '/_mock/faults', body), 'Fault added.');
    });
    main.querySelector('form.reset').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const t = ev.target.elements.tenant.value;
      act(() => api('POST', `/_mock/reset${qs({ tenant: t })}`), t ? 'Tenant reset.' : 'Everything reset.');
    });
  },
  onEvent(type) {
    return type === 'clock' || type === 'reset';
  },
});

// --- start ----------------------------------------------------------------------------------

window.addEventListener('hashchange', render);
api('GET', '/_mock/clock').then(setClock).catch(() => {});
connect();
render();
