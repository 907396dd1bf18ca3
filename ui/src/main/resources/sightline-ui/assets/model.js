// The trace model: Jaeger JSON → a span tree in display order, service colours, summaries, critical path.

const PALETTE = ['#3b7dd8', '#e0803a', '#3aa676', '#9b59b6', '#d4a017', '#17a2b8', '#c2185b', '#6d8a2f',
  '#8d6e63', '#5c6bc0', '#00897b', '#ef6c00', '#7cb342', '#ad1457', '#546e7a', '#8e24aa'];

export function tagValue(tags, key) {
  if (!tags) return undefined;
  for (const t of tags) if (t.key === key) return t.value;
  return undefined;
}

function isError(span) {
  const e = tagValue(span.tags, 'error');
  return e === true || e === 'true' || tagValue(span.tags, 'otel.status_code') === 'ERROR';
}

/** Builds the model of one Jaeger trace ({traceID, spans, processes}). */
export function buildTrace(trace) {
  const processes = trace.processes || {};
  const byId = new Map();
  for (const s of trace.spans) {
    const process = processes[s.processID] || { serviceName: 'unknown', tags: [] };
    const parentRef = (s.references || []).find((r) => r.refType === 'CHILD_OF' && r.traceID === s.traceID);
    byId.set(s.spanID, {
      id: s.spanID,
      raw: s,
      op: s.operationName,
      service: process.serviceName,
      process,
      start: s.startTime,
      duration: s.duration,
      end: s.startTime + s.duration,
      parentId: parentRef ? parentRef.spanID : null,
      error: isError(s),
      kind: tagValue(s.tags, 'span.kind') || 'internal',
      children: [],
      depth: 0,
      index: 0,
      missingParent: false,
    });
  }
  const roots = [];
  for (const n of byId.values()) {
    const p = n.parentId && byId.get(n.parentId);
    if (p) p.children.push(n);
    else {
      n.missingParent = !!n.parentId;
      roots.push(n);
    }
  }
  const order = (a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  roots.sort(order);
  for (const n of byId.values()) if (n.children.length > 1) n.children.sort(order);
  // Depth-first display order, iteratively (a trace can be deeper than the JS stack).
  const flat = [];
  const stack = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push([roots[i], 0]);
  while (stack.length) {
    const [n, d] = stack.pop();
    n.depth = d;
    n.index = flat.length;
    flat.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], d + 1]);
  }
  let start = Infinity;
  let end = -Infinity;
  for (const n of flat) {
    if (n.start < start) start = n.start;
    if (n.end > end) end = n.end;
  }
  const colors = new Map();
  const services = [];
  const taken = new Set();
  for (const n of flat) {
    if (!colors.has(n.service)) {
      colors.set(n.service, PALETTE[pickColor(n.service, taken)]);
      services.push(n.service);
    }
  }
  const root = roots[0];
  return {
    traceID: trace.traceID,
    flat,
    byId,
    roots,
    root,
    start,
    end,
    duration: end - start,
    services,
    colorOf: (s) => colors.get(s) || '#888',
    errorCount: flat.filter((n) => n.error).length,
    // Descendant counts, for collapsed rows.
    descendants: countDescendants(flat),
  };
}

/**
 * A service keeps its colour from trace to trace: the palette slot comes from a hash of its name, moved to the next
 * free slot when another service of the same trace has it (until the palette runs out).
 */
function pickColor(service, taken) {
  let hash = 0;
  for (let i = 0; i < service.length; i++) hash = (hash * 31 + service.charCodeAt(i)) >>> 0;
  let slot = hash % PALETTE.length;
  for (let i = 0; i < PALETTE.length && taken.has(slot); i++) slot = (slot + 1) % PALETTE.length;
  taken.add(slot);
  return slot;
}

function countDescendants(flat) {
  const counts = new Map();
  for (let i = flat.length - 1; i >= 0; i--) {
    let c = 0;
    for (const ch of flat[i].children) c += 1 + counts.get(ch.id);
    counts.set(flat[i].id, c);
  }
  return counts;
}

/** A search result row from a whole Jaeger trace (as /api/traces returns them). */
export function summarize(trace) {
  const m = buildTrace(trace);
  return {
    traceID: trace.traceID,
    rootService: m.root ? m.root.service : '',
    rootOperation: m.root ? m.root.op : '',
    startTime: m.start,
    duration: m.duration,
    spanCount: m.flat.length,
    errorCount: m.errorCount,
    services: m.services.slice().sort(),
  };
}

/**
 * The critical path: the chain of work that determined the trace's end. Walks back from the root's end,
 * repeatedly stepping into the child that finished last before the cursor (Jaeger's algorithm).
 * Returns Map spanId → [[start, end], ...] in µs.
 */
export function criticalPath(model) {
  const out = new Map();
  const add = (id, s, e) => {
    if (e <= s) return;
    if (!out.has(id)) out.set(id, []);
    out.get(id).push([s, e]);
  };
  for (const root of model.roots) {
    // Explicit stack of frames: {node, cursor, children (sorted by end desc), i}
    const frames = [{ node: root, cursor: root.end, kids: byEndDesc(root), i: 0 }];
    while (frames.length) {
      const f = frames[frames.length - 1];
      let next = null;
      while (f.i < f.kids.length) {
        const c = f.kids[f.i++];
        if (c.start >= f.cursor || c.end <= f.node.start) continue;
        next = c;
        break;
      }
      if (next) {
        const childEnd = Math.min(next.end, f.cursor);
        add(f.node.id, childEnd, f.cursor);
        f.cursor = Math.max(next.start, f.node.start);
        frames.push({ node: next, cursor: childEnd, kids: byEndDesc(next), i: 0 });
      } else {
        add(f.node.id, f.node.start, f.cursor);
        frames.pop();
      }
    }
  }
  return out;
}

function byEndDesc(n) {
  return n.children.slice().sort((a, b) => b.end - a.end);
}
