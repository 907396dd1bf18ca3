// Sightline's page: a small router over the deep-link paths. Every string from telemetry is written as text
// (textContent / text nodes, see dom.js), never parsed as HTML.
import { h, clear } from './dom.js';
import { renderSearch, renderCorrelation } from './search.js';
import { renderTrace } from './traceview.js';
import { renderLogsView } from './logs.js';

const main = document.getElementById('main');
const lookup = document.getElementById('lookup');
const lookupInput = document.getElementById('lookup-id');
let generation = 0;
let cleanup = null;

const TRACE_ID = /^[0-9a-f]{16}$|^[0-9a-f]{32}$/i;

lookup.addEventListener('submit', (e) => {
  e.preventDefault();
  const id = lookupInput.value.trim();
  if (!id) return;
  navigate(TRACE_ID.test(id) ? `/trace/${id.toLowerCase()}` : `/search?id=${encodeURIComponent(id)}`);
});

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

// Same-origin links navigate in place; modified clicks (new tab) are left to the browser.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || a.target) return;
  if (url.pathname.startsWith('/api/')) return; // raw JSON: let the browser show it
  e.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', route);

function setNav(name) {
  for (const a of document.querySelectorAll('nav.views a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.body.dataset.view = name;
}

function route() {
  const gen = ++generation;
  const isCurrent = () => gen === generation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  const m = path.match(/^\/trace\/([^/]+)\/?$/);
  document.title = 'Sightline';
  if (m) {
    const id = decodeURIComponent(m[1]);
    lookupInput.value = id;
    setNav('trace');
    renderTrace(main, id, params, navigate, isCurrent).then((c) => {
      if (isCurrent()) cleanup = c || null;
      else if (c) c();
    });
  } else if (path === '/search' && params.has('id')) {
    lookupInput.value = params.get('id');
    setNav('search');
    renderCorrelation(main, params.get('id'), navigate);
  } else if (path === '/logs') {
    lookupInput.value = '';
    setNav('logs');
    renderLogsView(main, params, navigate);
  } else if (path === '/search' || path === '/') {
    lookupInput.value = '';
    setNav('search');
    renderSearch(main, params, navigate);
  } else {
    setNav('');
    clear(main).appendChild(h('p.error', null, `No page at ${path}.`));
  }
  main.focus({ preventScroll: true });
}

route();
