// Takt dashboard: a small hash-routed page over the classic API, reached through the dashboard's
// same-origin proxy (/dashboard/api/…) with the session cookie. No external resources, no build.
// Every text is set with textContent: nothing from the server is ever parsed as HTML.
/* global DOMParser, Node, clearInterval, clearTimeout, confirm, document, fetch, location, sessionStorage, setInterval, setTimeout, window -- browser globals (the lint config has Node globals only) */

const view = document.getElementById('view');
const crumbs = document.getElementById('crumbs');
let session = null;
let timer = null;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null) el.append(c instanceof Node ? c : String(c));
  return el;
}

const enc = encodeURIComponent;
const jcPath = (cs, jc) => `cloudservices/${enc(cs)}/resources/scheduler/~/JobCollections/${enc(jc)}`;

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body, type = 'application/json') {
  const headers = { 'x-takt-csrf': session ? session.csrf : '' };
  if (body !== undefined) headers['content-type'] = type;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  if (res.status === 401) {
    session = null;
    location.hash = '#/signin';
    throw new ApiError(401, 'AuthenticationFailed', 'Sign in again.');
  }
  if (!res.ok) {
    let code = `Http${res.status}`;
    let message = text;
    if (text.startsWith('<')) {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      code = doc.getElementsByTagName('Code')[0]?.textContent ?? code;
      message = doc.getElementsByTagName('Message')[0]?.textContent ?? message;
    } else if (text.startsWith('{')) {
      const e = JSON.parse(text).error ?? {};
      code = e.code ?? code;
      message = e.message ?? message;
    }
    throw new ApiError(res.status, code, message);
  }
  if (text === '') return null;
  return (res.headers.get('content-type') ?? '').includes('json')
    ? JSON.parse(text)
    : new DOMParser().parseFromString(text, 'application/xml');
}
const api = (method, path, body) => call(method, `/dashboard/api/${path}`, body);

const kids = (el, name) =>
  el ? [...el.children].filter((c) => c.localName.toLowerCase() === name.toLowerCase()) : [];
const kid = (el, name) => kids(el, name)[0];
const txt = (el, name) => kid(el, name)?.textContent ?? '';

function setCrumbs(...parts) {
  crumbs.replaceChildren(
    ...parts.flatMap((p, i) => [i ? ' / ' : '', p[1] ? h('a', { href: p[1] }, p[0]) : p[0]]),
  );
}

function show(...nodes) {
  view.replaceChildren(...nodes);
}
function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, `${e.code ?? 'Error'}: ${e.message}`);
}

// ---- sign in -------------------------------------------------------------------------------------

function signinPage() {
  setCrumbs();
  const input = h('input', {
    type: 'password',
    name: 'token',
    autocomplete: 'off',
    'aria-label': 'API token',
    placeholder: 'takt_…',
  });
  const out = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card signin',
      onsubmit: async (ev) => {
        ev.preventDefault();
        out.textContent = '';
        try {
          session = await call('POST', '/dashboard/session', { token: input.value });
          input.value = '';
          location.hash = '#/';
          route();
        } catch (e) {
          out.textContent = e.message;
        }
      },
    },
    h('h1', {}, 'Sign in'),
    h(
      'p',
      { class: 'muted' },
      'Use an API token (the first-start token is in connection.json of the data directory, or make one with `takt tokens create`).',
    ),
    h('div', { class: 'field' }, h('label', {}, 'API token'), input),
    out,
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
  );
  show(form);
}

// ---- collections ---------------------------------------------------------------------------------

async function collectionsPage() {
  setCrumbs(['Collections']);
  const doc = await api('GET', 'cloudservices');
  const rows = [];
  for (const cs of kids(doc.documentElement, 'CloudService')) {
    for (const r of kids(kid(cs, 'Resources'), 'Resource')) {
      const name = txt(r, 'Name');
      const csName = txt(cs, 'Name');
      const plan = txt(r, 'Plan');
      const quota = kid(kid(r, 'IntrinsicSettings'), 'Quota');
      const max = txt(quota, 'MaxJobCount') || { Free: '5', Standard: '50', Premium: '1000' }[plan] || '?';
      const jobs = await api('GET', `${jcPath(csName, name)}/jobs`);
      const enabled = jobs.filter((j) => j.state === 'enabled').length;
      rows.push(
        h(
          'tr',
          {},
          h('td', {}, csName),
          h('td', {}, h('a', { href: `#/jobs/${enc(csName)}/${enc(name)}` }, name)),
          h('td', {}, plan),
          h('td', {}, `${jobs.length} / ${max} jobs (${enabled} enabled)`),
          h('td', {}, txt(cs, 'GeoRegion')),
          h('td', {}, txt(r, 'State')),
        ),
      );
    }
  }
  show(
    h('h1', {}, 'Job collections'),
    rows.length
      ? h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Cloud service', 'Collection', 'Plan', 'Quota usage', 'Region', 'State'].map((t) =>
                h('th', {}, t),
              ),
            ),
          ),
          h('tbody', {}, rows),
        )
      : h('p', { class: 'muted' }, 'No job collections yet. Create one with `takt collections create`.'),
  );
}

// ---- jobs ------------------------------------------------------------------------------------------

function jobTarget(j) {
  const a = j.action ?? {};
  if (a.request) return `${a.request.method} ${a.request.uri}`;
  if (a.queueMessage) return `queue ${a.queueMessage.storageAccount}/${a.queueMessage.queueName}`;
  const sb = a.serviceBusQueueMessage ?? a.serviceBusTopicMessage;
  return sb ? `service bus ${sb.namespace}/${sb.queueName ?? sb.topicPath}` : a.type;
}
function recurrenceText(j) {
  const r = j.recurrence;
  if (!r) return 'once';
  const s = r.schedule ?? {};
  const n = r.interval ?? 1;
  const item = (x) =>
    typeof x === 'object' ? `${x.day}${x.occurrence !== undefined ? `#${x.occurrence}` : ''}` : x;
  return [
    `every ${n} ${r.frequency}${n === 1 ? '' : 's'}`,
    ...Object.entries(s).map(([k, v]) => `${k}=${Array.isArray(v) ? v.map(item).join(',') : v}`),
  ].join(' ');
}

async function jobsPage(cs, jc) {
  setCrumbs(['Collections', '#/'], [`${cs}/${jc}`]);
  const state = sessionStorage.getItem('jobs-state') ?? '';
  const search = sessionStorage.getItem('jobs-search') ?? '';
  const jobs = await api(
    'GET',
    `${jcPath(cs, jc)}/jobs${state ? `?$filter=${enc(`state eq ${state}`)}` : ''}`,
  );
  const lastResults = await Promise.all(
    jobs.map((j) => api('GET', `${jcPath(cs, jc)}/jobs/${enc(j.id)}/history?$top=1`).catch(() => [])),
  );
  const select = h(
    'select',
    {
      'aria-label': 'State filter',
      onchange: (e) => {
        sessionStorage.setItem('jobs-state', e.target.value);
        route();
      },
    },
    ...['', 'enabled', 'disabled', 'completed', 'faulted'].map((s) =>
      h('option', { value: s, selected: s === state }, s || 'all states'),
    ),
  );
  const box = h('input', {
    type: 'search',
    placeholder: 'Search id or target',
    value: search,
    'aria-label': 'Search',
    oninput: (e) => {
      sessionStorage.setItem('jobs-search', e.target.value);
      filterRows(e.target.value);
    },
  });
  const rows = jobs.map((j, i) => {
    const last = lastResults[i][0];
    return h(
      'tr',
      { 'data-search': `${j.id} ${jobTarget(j)}`.toLowerCase() },
      h('td', {}, h('a', { href: `#/job/${enc(cs)}/${enc(jc)}/${enc(j.id)}` }, j.id)),
      h('td', { class: `state-${j.state}` }, j.state),
      h('td', {}, j.status?.nextExecutionTime ?? '—'),
      h(
        'td',
        { class: last ? `st-${last.status ?? 'completed'}` : '' },
        last ? `${last.status ?? 'completed'} ${last.startTime}` : '—',
      ),
      h(
        'td',
        {},
        j.status ? `${j.status.executionCount} / ${j.status.failureCount} / ${j.status.faultedCount}` : '—',
      ),
      h('td', {}, recurrenceText(j)),
      h('td', { class: 'msg' }, jobTarget(j)),
    );
  });
  const filterRows = (q) =>
    rows.forEach((r) => {
      r.hidden = q !== '' && !r.dataset.search.includes(q.toLowerCase());
    });
  filterRows(search);
  show(
    h('h1', {}, `Jobs of ${jc}`),
    h(
      'div',
      { class: 'toolbar' },
      select,
      box,
      h('a', { class: 'button primary', href: `#/edit/${enc(cs)}/${enc(jc)}` }, 'New job'),
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[
            'Id',
            'State',
            'Next run',
            'Last result',
            'Runs / failures / faulted',
            'Recurrence',
            'Target',
          ].map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

// ---- one job ------------------------------------------------------------------------------------

function chart(entries) {
  const runs = entries
    .filter((e) => e.status !== 'postponed')
    .slice(0, 40)
    .reverse();
  const W = 640;
  const H = 140;
  const pad = 24;
  const late = runs.map((e) => Math.max(0, Date.parse(e.startTime) - Date.parse(e.expectedExecutionTime)));
  const dur = runs.map((e) => Math.max(0, Date.parse(e.endTime) - Date.parse(e.startTime)));
  const max = Math.max(1, ...late, ...dur);
  const bw = runs.length ? Math.min(24, (W - 2 * pad) / runs.length) : 0;
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Lateness and duration of recent runs');
  const rect = (x, y, w, hgt, cls, title) => {
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y));
    r.setAttribute('width', String(w));
    r.setAttribute('height', String(hgt));
    r.setAttribute('class', cls);
    const t = document.createElementNS(NS, 'title');
    t.textContent = title;
    r.append(t);
    svg.append(r);
  };
  runs.forEach((e, i) => {
    const x = pad + i * bw;
    const lh = ((H - 2 * pad) * late[i]) / max;
    const dh = ((H - 2 * pad) * dur[i]) / max;
    rect(x + 1, H - pad - lh, Math.max(1, bw / 2 - 1), lh, 'late', `${e.startTime}: ${late[i]} ms late`);
    rect(x + bw / 2, H - pad - dh, Math.max(1, bw / 2 - 1), dh, 'dur', `${e.startTime}: ${dur[i]} ms`);
  });
  const label = document.createElementNS(NS, 'text');
  label.setAttribute('x', String(pad));
  label.setAttribute('y', '14');
  label.setAttribute('font-size', '11');
  label.textContent = `max ${max} ms over ${runs.length} runs`;
  svg.append(label);
  return h(
    'div',
    { class: 'chart' },
    svg,
    h('div', { class: 'legend' }, 'orange: lateness (start − due), blue: duration'),
  );
}

function statusRows(job) {
  const s = job.status ?? {};
  return [
    ['Recurrence', recurrenceText(job)],
    ['Next run', s.nextExecutionTime ?? '—'],
    ['Last run', s.lastExecutionTime ?? '—'],
    ['Executions', s.executionCount ?? '—'],
    ['Failures', s.failureCount ?? '—'],
    ['Faulted', s.faultedCount ?? '—'],
  ].map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, String(v))));
}

async function jobPage(cs, jc, id) {
  setCrumbs(['Collections', '#/'], [`${cs}/${jc}`, `#/jobs/${enc(cs)}/${enc(jc)}`], [id]);
  const base = `${jcPath(cs, jc)}/jobs/${enc(id)}`;
  const job = await api('GET', base);
  const occurrences = await api('GET', `${base}/occurrences?$top=5`).catch(() => []);
  const page = { skip: 0, top: 10, status: '' };
  const status = h('p', { class: 'muted', role: 'status' });
  const act = (label, fn, cls) =>
    h(
      'button',
      {
        type: 'button',
        class: cls,
        onclick: async () => {
          try {
            status.textContent = await fn();
          } catch (e) {
            status.replaceChildren(errorBox(e));
          }
        },
      },
      label,
    );
  const histBody = h('tbody', {});
  const chartBox = h('div', {});
  const pager = h('span', { class: 'muted' });
  let newest = '';
  const loadHistory = async () => {
    const f = page.status ? `&$filter=${enc(`status eq ${page.status}`)}` : '';
    // The job too: its counters and next run change with every run, like the history.
    const [entries, recent, fresh] = await Promise.all([
      api('GET', `${base}/history?$top=${page.top}&$skip=${page.skip}${f}`),
      api('GET', `${base}/history?$top=40`),
      api('GET', base),
    ]);
    statusBody.replaceChildren(...statusRows(fresh));
    newest = recent[0] ? `${recent[0].timestamp}|${recent[0].retryCount}|${recent[0].repeatCount}` : '';
    histBody.replaceChildren(
      ...entries.map((e) =>
        h(
          'tr',
          { class: 'history-entry' },
          h('td', {}, e.startTime),
          h('td', { class: `st-${e.status ?? 'completed'}` }, e.status ?? 'completed'),
          h('td', {}, e.state),
          h('td', {}, String(e.repeatCount)),
          h('td', {}, String(e.retryCount)),
          h('td', {}, e.actionName),
          h('td', { class: 'msg' }, e.message),
        ),
      ),
    );
    if (!entries.length)
      histBody.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No history entries.')));
    pager.textContent = `entries ${page.skip + 1}–${page.skip + entries.length}`;
    chartBox.replaceChildren(chart(recent));
  };
  const statusFilter = h(
    'select',
    {
      'aria-label': 'History status filter',
      onchange: (e) => {
        page.status = e.target.value;
        page.skip = 0;
        void loadHistory();
      },
    },
    ...['', 'completed', 'failed', 'postponed'].map((s) => h('option', { value: s }, s || 'all statuses')),
  );
  const statusBody = h('tbody', {}, ...statusRows(job));
  show(
    h('h1', {}, `Job ${job.id} `, h('span', { class: `state-${job.state}`, id: 'job-state' }, job.state)),
    h(
      'div',
      { class: 'toolbar' },
      job.state === 'enabled'
        ? act('Disable', async () => {
            await api('PATCH', base, { state: 'disabled' });
            route();
            return 'Disabled.';
          })
        : act('Enable', async () => {
            await api('PATCH', base, { state: 'enabled' });
            route();
            return 'Enabled.';
          }),
      act('Run now', async () => {
        await api('POST', `${base}/run`);
        return 'Started; the entry will appear below.';
      }),
      h('a', { class: 'button', href: `#/edit/${enc(cs)}/${enc(jc)}/${enc(id)}` }, 'Edit'),
      act(
        'Delete',
        async () => {
          if (!confirm(`Delete job ${id} and its history?`)) return 'Not deleted.';
          await api('DELETE', base);
          location.hash = `#/jobs/${enc(cs)}/${enc(jc)}`;
          return 'Deleted.';
        },
        'danger',
      ),
    ),
    status,
    h(
      'div',
      { class: 'grid' },
      h(
        'div',
        {},
        h('h2', {}, 'Definition'),
        h('pre', { id: 'definition' }, JSON.stringify({ ...job, status: undefined }, null, 2)),
      ),
      h(
        'div',
        {},
        h('h2', {}, 'Status'),
        h('table', { id: 'job-status' }, statusBody),
        h('h2', {}, 'Next occurrences'),
        occurrences.length
          ? h(
              'ul',
              { class: 'occ' },
              occurrences.map((t) => h('li', {}, t)),
            )
          : h('p', { class: 'muted' }, 'None.'),
      ),
    ),
    h('h2', {}, 'Lateness and duration'),
    chartBox,
    h('h2', {}, 'History'),
    h(
      'div',
      { class: 'toolbar' },
      statusFilter,
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            page.skip = Math.max(0, page.skip - page.top);
            void loadHistory();
          },
        },
        'Newer',
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            page.skip += page.top;
            void loadHistory();
          },
        },
        'Older',
      ),
      pager,
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Start', 'Status', 'State', 'Occurrence', 'Retry', 'Action', 'Message'].map((t) =>
            h('th', {}, t),
          ),
        ),
      ),
      histBody,
    ),
  );
  await loadHistory();
  // Live updates: poll the newest entry; redraw when a new one was recorded.
  timer = setInterval(async () => {
    const recent = await api('GET', `${base}/history?$top=1`).catch(() => null);
    const key =
      recent && recent[0] ? `${recent[0].timestamp}|${recent[0].retryCount}|${recent[0].repeatCount}` : '';
    if (recent && key !== newest && page.skip === 0) await loadHistory();
  }, 2000);
}

// ---- create / edit --------------------------------------------------------------------------------

const FIELDS = [
  ['id', 'Job id', 'input', { placeholder: 'leave empty for a generated id' }],
  ['action.request.uri', 'URI', 'input', { placeholder: 'https://example.com/hook' }],
  [
    'action.request.method',
    'Method',
    'select',
    { options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
  ],
  ['action.request.headers', 'Headers (one "Name: value" per line)', 'textarea', {}],
  ['action.request.body', 'Body', 'textarea', {}],
  [
    'recurrence.frequency',
    'Repeat',
    'select',
    { options: ['', 'minute', 'hour', 'day', 'week', 'month'], labels: { '': 'once' } },
  ],
  ['recurrence.interval', 'Every (interval)', 'input', { type: 'number', min: 1, value: 1 }],
  ['recurrence.schedule.hours', 'At hours (e.g. 2,14)', 'input', {}],
  ['recurrence.schedule.minutes', 'At minutes (e.g. 0,30)', 'input', {}],
  ['recurrence.schedule.weekDays', 'On week days (e.g. monday,friday)', 'input', {}],
  ['startTime', 'Start time (ISO 8601, empty = now)', 'input', {}],
  ['state', 'State', 'select', { options: ['enabled', 'disabled'] }],
];

async function editPage(cs, jc, id) {
  setCrumbs(
    ['Collections', '#/'],
    [`${cs}/${jc}`, `#/jobs/${enc(cs)}/${enc(jc)}`],
    [id ? `edit ${id}` : 'new job'],
  );
  const existing = id ? await api('GET', `${jcPath(cs, jc)}/jobs/${enc(id)}`) : null;
  if (existing && !existing.action?.request) {
    show(
      h('h1', {}, `Job ${id}`),
      h('p', {}, 'The form edits HTTP(S) jobs; change this one with `takt jobs set`.'),
    );
    return;
  }
  const inputs = {};
  const errors = {};
  const get = (p) => p.split('.').reduce((o, k) => (o == null ? undefined : o[k]), existing);
  const fields = FIELDS.map(([path, label, kind, o]) => {
    let el;
    if (kind === 'select')
      el = h(
        'select',
        { name: path },
        o.options.map((v) => h('option', { value: v }, o.labels?.[v] ?? v)),
      );
    else if (kind === 'textarea') el = h('textarea', { name: path, rows: 3 });
    else el = h('input', { name: path, type: o.type ?? 'text', min: o.min, placeholder: o.placeholder });
    let v = existing ? get(path) : o.value;
    if (path === 'id' && existing) {
      v = existing.id;
      el.disabled = true;
    }
    if (path === 'action.request.headers' && v)
      v = Object.entries(v)
        .map(([k, x]) => `${k}: ${x}`)
        .join('\n');
    if (Array.isArray(v)) v = v.join(',');
    if (v !== undefined) el.value = String(v);
    el.addEventListener('input', schedulePreview);
    el.addEventListener('change', schedulePreview);
    inputs[path] = el;
    errors[path] = h('span', { class: 'error', 'data-error-for': path });
    return h('div', { class: 'field', 'data-field': path }, h('label', {}, label), el, errors[path]);
  });
  const formError = h('p', { class: 'error', role: 'alert' });
  const previewList = h('ul', { class: 'occ', id: 'preview' });
  const list = (t) =>
    t
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const build = () => {
    const v = (p) => inputs[p].value.trim();
    const uri = v('action.request.uri');
    const headers = Object.fromEntries(
      inputs['action.request.headers'].value
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const i = l.indexOf(':');
          return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
        }),
    );
    const request = { uri, method: v('action.request.method') };
    if (Object.keys(headers).length) request.headers = headers;
    if (inputs['action.request.body'].value !== '') request.body = inputs['action.request.body'].value;
    const doc = { action: { type: /^https:/i.test(uri) ? 'https' : 'http', request }, state: v('state') };
    // PUT replaces the whole definition: keep what the form does not show, so saving the form
    // never drops an error action or a recurrence's count, end, time zone or monthly schedule.
    if (existing?.action?.retryPolicy) doc.action.retryPolicy = existing.action.retryPolicy;
    if (existing?.errorAction) doc.errorAction = existing.errorAction;
    const kept = existing?.recurrence ?? {};
    const pick = (o, keys) =>
      Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    if (v('startTime')) doc.startTime = v('startTime');
    if (v('recurrence.frequency')) {
      const schedule = pick(kept.schedule ?? {}, ['monthDays', 'monthlyOccurrences', 'months']);
      const num = (p) => list(v(p)).map((x) => (/^-?\d+$/.test(x) ? Number(x) : x));
      if (v('recurrence.schedule.hours')) schedule.hours = num('recurrence.schedule.hours');
      if (v('recurrence.schedule.minutes')) schedule.minutes = num('recurrence.schedule.minutes');
      if (v('recurrence.schedule.weekDays')) schedule.weekDays = list(v('recurrence.schedule.weekDays'));
      doc.recurrence = {
        frequency: v('recurrence.frequency'),
        interval: Number(v('recurrence.interval') || '1'),
        ...pick(kept, ['count', 'endTime', 'timeZone']),
      };
      if (Object.keys(schedule).length) doc.recurrence.schedule = schedule;
    }
    return doc;
  };
  /** Puts an API message such as `recurrence.schedule.minutes: …` next to its field. */
  const showError = (e) => {
    for (const span of Object.values(errors)) {
      span.textContent = '';
      span.parentElement.classList.remove('invalid');
    }
    formError.textContent = '';
    if (!e) return;
    const path = /^([A-Za-z.[\]0-9]+):/.exec(e.message)?.[1]?.replace(/\[\d+\]/g, '') ?? '';
    const target = Object.keys(errors)
      .filter((p) => path === p || path.startsWith(`${p}.`) || p.startsWith(`${path}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (target) {
      errors[target].textContent = e.message;
      errors[target].parentElement.classList.add('invalid');
    } else formError.textContent = `${e.code}: ${e.message}`;
  };
  let pending = null;
  function schedulePreview() {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      try {
        const r = await call('POST', '/dashboard/preview', build());
        showError(null);
        previewList.replaceChildren(
          ...(r.occurrences.length
            ? r.occurrences.map((t) => h('li', {}, t))
            : [h('li', {}, 'no occurrence')]),
        );
      } catch (e) {
        previewList.replaceChildren();
        showError(e);
      }
    }, 250);
  }
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const jobId = existing ? existing.id : inputs.id.value.trim();
        try {
          const saved = jobId
            ? await api('PUT', `${jcPath(cs, jc)}/jobs/${enc(jobId)}`, build())
            : await api('POST', `${jcPath(cs, jc)}/jobs`, build());
          location.hash = `#/job/${enc(cs)}/${enc(jc)}/${enc(saved.id)}`;
        } catch (e) {
          showError(e);
        }
      },
    },
    h(
      'div',
      { class: 'grid' },
      h('div', {}, fields.slice(0, 5)),
      h('div', {}, fields.slice(5), h('h2', {}, 'Next occurrences'), previewList),
    ),
    formError,
    h('button', { class: 'primary', type: 'submit' }, existing ? 'Save' : 'Create job'),
  );
  show(h('h1', {}, existing ? `Edit job ${id}` : 'New job'), form);
  schedulePreview();
}

// ---- routing --------------------------------------------------------------------------------------

async function route() {
  clearInterval(timer);
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (!session) session = await call('GET', '/dashboard/session').catch(() => null);
    document.getElementById('signout').hidden = !session;
    document.getElementById('who').textContent = session ? `subscription ${session.subscriptionId}` : '';
    if (!session || parts[0] === 'signin') return signinPage();
    if (parts[0] === 'jobs') return await jobsPage(parts[1], parts[2]);
    if (parts[0] === 'job') return await jobPage(parts[1], parts[2], parts[3]);
    if (parts[0] === 'edit') return await editPage(parts[1], parts[2], parts[3]);
    return await collectionsPage();
  } catch (e) {
    show(errorBox(e));
  }
}

document.getElementById('signout').addEventListener('click', async () => {
  await call('DELETE', '/dashboard/session').catch(() => undefined);
  session = null;
  location.hash = '#/signin';
  route();
});
window.addEventListener('hashchange', route);
route();
