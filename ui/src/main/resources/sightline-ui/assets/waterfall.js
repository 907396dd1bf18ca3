// The waterfall: one row per span, indented by parent, bars on a shared time axis. Rows are virtualised: only
// the rows in (and near) the viewport exist in the DOM, so a trace of tens of thousands of spans stays smooth.
import { h, clear } from './dom.js';
import { fmtDuration } from './format.js';
import { criticalPath } from './model.js';

const ROW_H = 26;
const OVERSCAN = 12;

export function createWaterfall(model, { onOpen }) {
  const collapsed = new Set();
  let visible = model.flat.slice();
  let selectedId = null;
  let activeIndex = 0; // index into visible, the keyboard cursor
  let viewStart = 0; // µs from trace start
  let viewEnd = Math.max(model.duration, 1);
  let critical = null; // Map spanId → segments, when the toggle is on
  let logsBySpan = new Map(); // spanId → [time µs]
  let rendered = { first: -1, last: -1, key: '' };
  let matches = null; // Set of span IDs matching the find box
  let matchList = [];
  let matchAt = -1;
  let frame = 0;

  const spacer = h('div.wf-spacer');
  const scroll = h('div.wf-scroll', {
    tabindex: 0, role: 'tree', 'aria-label': 'Spans of the trace', 'aria-multiselectable': 'false',
    onscroll: schedule, onkeydown: onKey,
    onclick: onClick,
  }, spacer);
  const ruler = h('div.wf-ruler', { 'aria-hidden': 'true' });
  const canvas = h('canvas.wf-minimap-canvas', { height: 40, 'aria-hidden': 'true' });
  const zoomBox = h('div.wf-zoom-box');
  const dragBox = h('div.wf-drag-box', { hidden: true });
  const rowsBox = h('div.wf-rows-box');
  const minimap = h('div.wf-minimap', {
    title: 'Drag to zoom into a time range; double-click to reset',
    onmousedown: startDrag, ondblclick: () => setView(0, model.duration),
  }, canvas, rowsBox, zoomBox, dragBox);
  const resetZoom = h('button.small', { type: 'button', hidden: true, onclick: () => setView(0, model.duration) },
    'Reset zoom');
  const critToggle = h('input#crit-toggle', { type: 'checkbox', onchange: (e) => setCritical(e.target.checked) });
  const findCount = h('span.wf-find-count', { 'aria-live': 'polite' });
  const find = h('input.wf-find', {
    type: 'search', placeholder: 'Find in trace (Enter: next)', 'aria-label': 'Find spans by service, operation, ID or attribute value',
    oninput: (e) => setFind(e.target.value), onkeydown: (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        nextMatch(e.shiftKey ? -1 : 1);
      }
    },
  });
  const toolbar = h('div.wf-toolbar', null,
    find, findCount,
    h('button.small', { type: 'button', onclick: expandAll }, 'Expand all'),
    h('button.small', { type: 'button', onclick: collapseToDepth }, 'Collapse all'),
    h('label.toggle', null, critToggle, ' Critical path'),
    resetZoom,
    h('span.wf-hint', null, '↑↓ move · ←→ collapse/expand · Enter details'));
  const header = h('div.wf-header', null, h('div.wf-name-col', null, 'Service · operation'), ruler);
  const el = h('section.waterfall', { 'aria-label': 'Waterfall' }, toolbar, minimap, header, scroll);

  const ro = new ResizeObserver(() => {
    drawMinimap();
    drawRuler();
    rendered.key = '';
    render();
  });
  ro.observe(scroll);

  function layout() {
    spacer.style.height = `${visible.length * ROW_H}px`;
    rendered.key = '';
    render();
  }

  function recomputeVisible() {
    if (collapsed.size === 0) {
      visible = model.flat.slice();
    } else {
      visible = [];
      const flat = model.flat;
      for (let i = 0; i < flat.length; i++) {
        const n = flat[i];
        visible.push(n);
        if (collapsed.has(n.id)) i += model.descendants.get(n.id);
      }
    }
    const sel = visible.findIndex((n) => n.id === selectedId);
    if (sel >= 0) activeIndex = sel;
    activeIndex = Math.min(activeIndex, visible.length - 1);
    layout();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  function render() {
    const top = scroll.scrollTop;
    const height = scroll.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(visible.length - 1, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    const key = `${first}:${last}:${selectedId}:${activeIndex}:${viewStart}:${viewEnd}:${!!critical}`;
    if (key === rendered.key) return;
    rendered = { first, last, key };
    const rows = document.createDocumentFragment();
    for (let i = first; i <= last; i++) rows.appendChild(row(visible[i], i));
    clear(spacer).appendChild(rows);
    // The minimap's band: which of all the spans are on screen.
    const firstOn = visible[Math.min(visible.length - 1, Math.floor(top / ROW_H))];
    const lastOn = visible[Math.min(visible.length - 1, Math.floor((top + height - 1) / ROW_H))];
    if (firstOn && lastOn) {
      rowsBox.style.top = `${(firstOn.index / model.flat.length) * 100}%`;
      rowsBox.style.height = `${Math.max(((lastOn.index + 1 - firstOn.index) / model.flat.length) * 100, 2)}%`;
    }
    scroll.setAttribute('aria-activedescendant', visible[activeIndex] ? `row-${visible[activeIndex].id}` : '');
  }

  function pct(t) {
    return ((t - model.start - viewStart) / (viewEnd - viewStart)) * 100;
  }

  function row(n, i) {
    const hasKids = n.children.length > 0;
    const isCollapsed = collapsed.has(n.id);
    const color = model.colorOf(n.service);
    const toggle = hasKids
      ? h('span.wf-toggle', { dataset: { toggle: n.id }, title: isCollapsed ? 'Expand' : 'Collapse' },
        isCollapsed ? '▸' : '▾')
      : h('span.wf-toggle.leaf');
    // Deep trees keep at least 120px of the name column for the name itself.
    const name = h('div.wf-name', { style: { paddingLeft: `min(${n.depth * 14 + 4}px, calc(var(--name-w) - 120px))` } },
      toggle,
      h('span.wf-chip', { style: { background: color } }),
      n.error ? h('span.wf-err', { title: 'Error', 'aria-label': 'error' }, '!') : null,
      h('span.wf-svc', null, n.service),
      h('span.wf-op', null, n.op),
      isCollapsed ? h('span.wf-count', null, `+${model.descendants.get(n.id)}`) : null);
    name.title = `${n.service} · ${n.op} (depth ${n.depth})`;
    const left = pct(n.start);
    const right = pct(n.end);
    const l = Math.max(0, Math.min(100, left));
    const w = Math.max(0, Math.min(100, right) - l);
    const bar = h('div.wf-bar', { style: { left: `${l}%`, width: `max(${w}%, 2px)`, background: color } });
    if (n.error) bar.classList.add('error');
    if (right < 0 || left > 100) bar.classList.add('offview');
    if (critical) {
      const segs = critical.get(n.id);
      if (segs) {
        for (const [s, e] of segs) {
          const sl = Math.max(0, pct(s));
          const sw = Math.min(100, pct(e)) - sl;
          if (sw > 0) bar.appendChild(h('div.wf-crit', { style: { left: `${((sl - l) / (w || 1)) * 100}%`, width: `${(sw / (w || 1)) * 100}%` } }));
        }
      }
    }
    const marks = [];
    for (const ev of n.raw.logs || []) {
      const p = pct(ev.timestamp);
      if (p >= 0 && p <= 100) {
        const name = (ev.fields || []).find((f) => f.key === 'event');
        marks.push(h('div.wf-event', { style: { left: `${p}%` }, title: `event: ${name ? name.value : ''}` }));
      }
    }
    for (const t of logsBySpan.get(n.id) || []) {
      const p = pct(t);
      if (p >= 0 && p <= 100) marks.push(h('div.wf-log', { style: { left: `${p}%` }, title: 'log record' }));
    }
    // The duration label goes after the bar, else before it, else inside it.
    const rr = Math.min(100, right);
    const labelStyle = rr <= 82 ? { left: `calc(${rr}% + 4px)` } : l >= 14 ? { right: `calc(${100 - l}% + 4px)` } : { left: `calc(${l}% + 4px)` };
    const label = h('span.wf-dur', { style: labelStyle }, fmtDuration(n.duration));
    if (rr > 82 && l < 14) label.classList.add('inside');
    const area = h('div.wf-bar-area', { title: `${fmtDuration(n.duration)} from +${fmtDuration(n.start - model.start)}` },
      h('div.wf-gridlines'), bar, marks, label);
    const r = h('div.wf-row', {
      id: `row-${n.id}`, role: 'treeitem', 'aria-level': n.depth + 1,
      'aria-expanded': hasKids ? String(!isCollapsed) : null,
      'aria-selected': String(n.id === selectedId),
      dataset: { spanId: n.id, index: i, depth: n.depth },
      style: { top: `${i * ROW_H}px` },
    }, name, area);
    if (n.id === selectedId) r.classList.add('selected');
    if (i === activeIndex) r.classList.add('active');
    if (critical && critical.has(n.id)) r.classList.add('critical');
    if (matches && matches.has(n.id)) r.classList.add('match');
    return r;
  }

  function onClick(e) {
    const t = e.target.closest('[data-toggle]');
    if (t) {
      toggle(t.dataset.toggle);
      return;
    }
    const r = e.target.closest('.wf-row');
    if (r) {
      activeIndex = Number(r.dataset.index);
      open(visible[activeIndex]);
    }
  }

  function toggle(id) {
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    recomputeVisible();
  }

  function expandAll() {
    collapsed.clear();
    recomputeVisible();
  }

  function collapseToDepth() {
    collapsed.clear();
    for (const n of model.flat) if (n.depth >= 1 && n.children.length) collapsed.add(n.id);
    recomputeVisible();
  }

  function onKey(e) {
    const n = visible[activeIndex];
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': moveTo(activeIndex + 1); break;
      case 'ArrowUp': moveTo(activeIndex - 1); break;
      case 'PageDown': moveTo(activeIndex + Math.floor(scroll.clientHeight / ROW_H)); break;
      case 'PageUp': moveTo(activeIndex - Math.floor(scroll.clientHeight / ROW_H)); break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(visible.length - 1); break;
      case 'ArrowRight':
        if (n && n.children.length) {
          if (collapsed.has(n.id)) toggle(n.id);
          else moveTo(activeIndex + 1);
        }
        break;
      case 'ArrowLeft':
        if (n && n.children.length && !collapsed.has(n.id)) toggle(n.id);
        else if (n && n.parentId && model.byId.has(n.parentId)) moveTo(visible.indexOf(model.byId.get(n.parentId)));
        break;
      case 'Enter':
      case ' ':
        if (n) open(n);
        break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  }

  function moveTo(i) {
    if (!visible.length) return;
    activeIndex = Math.max(0, Math.min(visible.length - 1, i));
    scrollIntoView(activeIndex);
    rendered.key = '';
    render();
  }

  function scrollIntoView(i) {
    const top = i * ROW_H;
    if (top < scroll.scrollTop) scroll.scrollTop = top;
    else if (top + ROW_H > scroll.scrollTop + scroll.clientHeight) scroll.scrollTop = top + ROW_H - scroll.clientHeight;
  }

  function open(n) {
    selectedId = n.id;
    rendered.key = '';
    render();
    onOpen(n);
  }

  /** Selects a span: expands its ancestors, scrolls to it, optionally opens its details. */
  function select(id, { openDetails = true, center = true } = {}) {
    const n = model.byId.get(id);
    if (!n) return false;
    let p = n.parentId && model.byId.get(n.parentId);
    let changed = false;
    while (p) {
      if (collapsed.delete(p.id)) changed = true;
      p = p.parentId && model.byId.get(p.parentId);
    }
    if (changed) recomputeVisible();
    const i = visible.indexOf(n);
    activeIndex = i;
    if (center) scroll.scrollTop = Math.max(0, i * ROW_H - scroll.clientHeight / 2);
    else scrollIntoView(i);
    selectedId = id;
    rendered.key = '';
    render();
    if (openDetails) onOpen(n);
    return true;
  }

  function setFind(text) {
    const q = text.trim().toLowerCase();
    if (!q) {
      matches = null;
      matchList = [];
      findCount.textContent = '';
    } else {
      matchList = model.flat.filter((n) => n.op.toLowerCase().includes(q) || n.service.toLowerCase().includes(q)
        || n.id === q || (n.raw.tags || []).some((t) => String(t.value).toLowerCase().includes(q)));
      matches = new Set(matchList.map((n) => n.id));
      findCount.textContent = `${matchList.length} match${matchList.length === 1 ? '' : 'es'}`;
    }
    matchAt = -1;
    rendered.key = '';
    render();
  }

  function nextMatch(step) {
    if (!matchList.length) return;
    matchAt = (matchAt + step + matchList.length) % matchList.length;
    findCount.textContent = `${matchAt + 1} of ${matchList.length}`;
    select(matchList[matchAt].id, { openDetails: true });
  }

  function setCritical(on) {
    critToggle.checked = on;
    critical = on ? criticalPath(model) : null;
    el.classList.toggle('crit-on', on);
    rendered.key = '';
    render();
  }

  function setLogs(map) {
    logsBySpan = map;
    rendered.key = '';
    render();
  }

  function setView(s, e) {
    viewStart = Math.max(0, s);
    viewEnd = Math.min(Math.max(model.duration, 1), e);
    if (viewEnd - viewStart < 1) viewEnd = viewStart + 1;
    resetZoom.hidden = viewStart === 0 && viewEnd >= model.duration;
    minimap.classList.toggle('zoomed', !resetZoom.hidden);
    drawRuler();
    drawZoomBox();
    rendered.key = '';
    render();
  }

  function drawRuler() {
    clear(ruler);
    const span = viewEnd - viewStart;
    for (let k = 0; k <= 4; k++) {
      const t = viewStart + (span * k) / 4;
      ruler.appendChild(h('span.wf-tick', { style: k === 4 ? { right: '0' } : { left: `${k * 25}%` } }, t === 0 ? '0' : fmtDuration(t)));
    }
  }

  function drawZoomBox() {
    const d = Math.max(model.duration, 1);
    zoomBox.style.left = `${(viewStart / d) * 100}%`;
    zoomBox.style.width = `${((viewEnd - viewStart) / d) * 100}%`;
  }

  function drawMinimap() {
    const w = minimap.clientWidth || 800;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(40 * ratio);
    canvas.style.width = `${w}px`;
    const ctx = canvas.getContext('2d');
    const d = Math.max(model.duration, 1);
    const n = model.flat.length;
    const rowH = Math.max(canvas.height / n, 0.5);
    for (let i = 0; i < n; i++) {
      const s = model.flat[i];
      ctx.fillStyle = s.error ? '#c62828' : model.colorOf(s.service);
      const x = ((s.start - model.start) / d) * canvas.width;
      const bw = Math.max(1, (s.duration / d) * canvas.width);
      ctx.fillRect(x, (i / n) * canvas.height, bw, Math.max(rowH, 1));
    }
    drawZoomBox();
  }

  function startDrag(e) {
    if (e.button !== 0) return;
    const box = minimap.getBoundingClientRect();
    const d = Math.max(model.duration, 1);
    const x0 = e.clientX - box.left;
    const move = (ev) => {
      const x1 = Math.max(0, Math.min(box.width, ev.clientX - box.left));
      dragBox.hidden = false;
      dragBox.style.left = `${Math.min(x0, x1)}px`;
      dragBox.style.width = `${Math.abs(x1 - x0)}px`;
    };
    const up = (ev) => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      dragBox.hidden = true;
      const x1 = Math.max(0, Math.min(box.width, ev.clientX - box.left));
      if (Math.abs(x1 - x0) > 4) setView((Math.min(x0, x1) / box.width) * d, (Math.max(x0, x1) / box.width) * d);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    e.preventDefault();
  }

  drawRuler();
  layout();
  requestAnimationFrame(drawMinimap);

  return {
    el,
    select,
    setCritical,
    setLogs,
    focus: () => scroll.focus(),
    visibleCount: () => visible.length,
    destroy: () => ro.disconnect(),
  };
}
