// Minimal trace lookup: /trace/{id} opens a trace; spans are listed in tree order, indented by depth.
// Every string from telemetry is written with textContent, never as HTML.
(function () {
  'use strict';
  const form = document.getElementById('lookup');
  const input = document.getElementById('trace-id');
  const status = document.getElementById('status');

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = input.value.trim();
    if (id) {
      history.pushState(null, '', '/trace/' + encodeURIComponent(id));
      route();
    }
  });
  window.addEventListener('popstate', route);

  function route() {
    const m = location.pathname.match(/^\/trace\/([^/]+)/);
    if (m) {
      input.value = decodeURIComponent(m[1]);
      load(input.value);
    }
  }

  async function load(id) {
    status.textContent = 'Loading…';
    document.getElementById('trace').hidden = true;
    const res = await fetch('/api/traces/' + encodeURIComponent(id));
    const body = await res.json().catch(() => null);
    if (!res.ok || !body || !body.data) {
      status.textContent = (body && body.errors && body.errors[0] && body.errors[0].msg) || ('HTTP ' + res.status);
      return;
    }
    status.textContent = '';
    render(body.data[0]);
  }

  function render(trace) {
    const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
    const children = new Map();
    const roots = [];
    for (const s of trace.spans) {
      const parent = (s.references || []).find((r) => r.refType === 'CHILD_OF' && byId.has(r.spanID));
      if (parent) {
        if (!children.has(parent.spanID)) children.set(parent.spanID, []);
        children.get(parent.spanID).push(s);
      } else {
        roots.push(s);
      }
    }
    const start = Math.min(...trace.spans.map((s) => s.startTime));
    const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
    const tbody = document.querySelector('#spans tbody');
    tbody.replaceChildren();
    const visit = (s, depth) => {
      const tr = document.createElement('tr');
      if ((s.tags || []).some((t) => t.key === 'error' && t.value === true)) tr.className = 'error';
      const cells = [trace.processes[s.processID].serviceName, s.operationName,
        fmt(s.startTime - start), fmt(s.duration)];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i === 1) { td.className = 'op'; td.style.paddingLeft = (0.5 + depth * 1.2) + 'rem'; }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
      (children.get(s.spanID) || []).sort((a, b) => a.startTime - b.startTime).forEach((c) => visit(c, depth + 1));
    };
    roots.sort((a, b) => a.startTime - b.startTime).forEach((r) => visit(r, 0));
    const root = roots[0];
    document.getElementById('trace-title').textContent =
      trace.processes[root.processID].serviceName + ': ' + root.operationName;
    document.getElementById('trace-meta').textContent =
      trace.traceID + ' · ' + trace.spans.length + ' spans · ' + fmt(end - start);
    document.getElementById('trace').hidden = false;
  }

  function fmt(micros) {
    if (micros >= 1e6) return (micros / 1e6).toFixed(2) + ' s';
    if (micros >= 1e3) return (micros / 1e3).toFixed(2) + ' ms';
    return micros + ' µs';
  }

  route();
})();
