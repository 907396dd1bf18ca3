// The trace view: header, waterfall, span details and the trace's logs. /trace/{traceId}?span={spanId}
import { h, clear } from './dom.js';
import { getJson } from './api.js';
import { fmtDuration, fmtTime } from './format.js';
import { buildTrace } from './model.js';
import { createWaterfall } from './waterfall.js';
import { renderDetails } from './details.js';
import { createTraceLogs } from './logs.js';

export async function renderTrace(root, traceId, params, navigate, isCurrent) {
  const t0 = performance.now();
  clear(root).appendChild(h('p.muted', { role: 'status' }, 'Loading trace…'));
  let body;
  try {
    body = await getJson(`/api/traces/${encodeURIComponent(traceId)}`);
  } catch (e) {
    if (!isCurrent()) return;
    if (e.status === 404 || e.status === 400) {
      // Not a trace ID this server knows: maybe a correlation ID (order ID, request ID).
      try {
        const corr = await getJson(`/api/correlations/${encodeURIComponent(traceId)}`);
        if (isCurrent() && corr.traces && corr.traces.length) {
          navigate(`/search?id=${encodeURIComponent(traceId)}`, { replace: true });
          return;
        }
      } catch (ignored) {
        // fall through to the message below
      }
    }
    if (!isCurrent()) return;
    clear(root).appendChild(h('p.error', { role: 'alert' }, e.status === 404
      ? `No trace with ID ${traceId}, and no trace carries it as a correlation ID.` : e.message));
    return;
  }
  if (!isCurrent()) return;
  const fetched = performance.now();
  const trace = body.data && body.data[0];
  if (!trace || !trace.spans || !trace.spans.length) {
    clear(root).appendChild(h('p.error', { role: 'alert' }, `Trace ${traceId} has no spans.`));
    return;
  }
  const model = buildTrace(trace);
  const detailsSlot = h('div.details-slot', { hidden: true });
  let logsBySpan = new Map();
  let spanLogs = new Map();

  const wf = createWaterfall(model, { onOpen: openDetails });
  const logs = createTraceLogs(model, {
    onSelectSpan: (id) => {
      wf.select(id, { openDetails: true });
      wf.focus();
    },
  });

  function openDetails(n) {
    const url = new URL(location.href);
    url.searchParams.set('span', n.id);
    history.replaceState(history.state, '', url.pathname + url.search);
    detailsSlot.hidden = false;
    layout.classList.add('with-details');
    clear(detailsSlot).appendChild(renderDetails(model, n, { onClose: closeDetails, logs: spanLogs.get(n.id) }));
    markLogs(n.id);
  }

  function markLogs(spanId) {
    for (const row of logs.el.querySelectorAll('.log-row')) row.classList.toggle('of-selected', !!spanId && row.dataset.spanId === spanId);
  }

  function closeDetails() {
    const url = new URL(location.href);
    url.searchParams.delete('span');
    history.replaceState(history.state, '', url.pathname + url.search);
    detailsSlot.hidden = true;
    layout.classList.remove('with-details');
    clear(detailsSlot);
    markLogs(null);
    wf.focus();
  }

  const root_ = model.root;
  const head = h('header.trace-head', null,
    h('div.head-row', null,
      h('h1', null, h('span.svc', null, root_.service), ': ', h('span.op', null, root_.op)),
      h('a.small.json-link', { href: `/api/traces/${encodeURIComponent(model.traceID)}`, target: '_blank', rel: 'noopener' }, 'JSON')),
    h('dl.trace-meta', null,
      meta('Trace ID', h('span.mono', null, model.traceID)),
      meta('Start', fmtTime(model.start)),
      meta('Duration', fmtDuration(model.duration)),
      meta('Spans', h('span#span-count', null, String(model.flat.length))),
      meta('Depth', String(1 + Math.max(...model.flat.map((n) => n.depth)))),
      meta('Errors', model.errorCount ? h('span.err-badge#error-count', null, String(model.errorCount)) : h('span#error-count', null, '0'))),
    h('ul.legend', { 'aria-label': 'Services' }, model.services.map((s) => h('li', null,
      h('span.wf-chip', { style: { background: model.colorOf(s) } }), s))));
  const main = h('div.trace-main', null, wf.el, logs.el);
  const layout = h('div.trace-body', null, main, detailsSlot);
  const view = h('div.trace-view', { dataset: { traceId: model.traceID } }, head, layout);
  clear(root).appendChild(view);
  document.title = `${root_.service}: ${root_.op} · Sightline`;

  const want = params.get('span');
  if (want && model.byId.has(want)) wf.select(want, { openDetails: true });
  document.addEventListener('keydown', onEsc);
  requestAnimationFrame(() => {
    const rendered = performance.now();
    view.dataset.fetchMs = String(Math.round(fetched - t0));
    view.dataset.renderMs = String(Math.round(rendered - fetched));
    view.dataset.totalMs = String(Math.round(rendered - t0));
    view.dataset.ready = 'true';
  });

  logs.load().then((records) => {
    if (!isCurrent()) return;
    logsBySpan = new Map();
    spanLogs = new Map();
    for (const r of records) {
      if (!r.spanId || !model.byId.has(r.spanId)) continue;
      if (!logsBySpan.has(r.spanId)) {
        logsBySpan.set(r.spanId, []);
        spanLogs.set(r.spanId, []);
      }
      logsBySpan.get(r.spanId).push(r.time);
      spanLogs.get(r.spanId).push(r);
    }
    wf.setLogs(logsBySpan);
    const open = new URL(location.href).searchParams.get('span');
    if (open && !detailsSlot.hidden) {
      markLogs(open);
      if (spanLogs.has(open)) wf.select(open, { openDetails: true, center: false });
    }
    view.dataset.logsReady = 'true';
  });

  function onEsc(e) {
    if (!document.body.contains(view)) {
      document.removeEventListener('keydown', onEsc);
      return;
    }
    if (e.key === 'Escape' && !detailsSlot.hidden) closeDetails();
  }
  return () => {
    wf.destroy();
    document.removeEventListener('keydown', onEsc);
  };
}

function meta(k, v) {
  return h('div', null, h('dt', null, k), h('dd', null, v));
}
