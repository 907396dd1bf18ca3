// Fetch helpers for the query API (Jaeger JSON envelopes and the logs API).

export class ApiError extends Error {
  constructor(status, message, unavailable) {
    super(message);
    this.status = status;
    this.unavailable = unavailable; // the endpoint does not exist on this server
  }
}

export async function getJson(url, signal) {
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `The server did not answer (${e.message}).`, false);
  }
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    const msg = (body && body.errors && body.errors[0] && body.errors[0].msg)
      || (body && (body.error || body.message)) || text.trim() || `HTTP ${res.status}`;
    // A 404 without a JSON body is the router's "no such endpoint": the API is not on this server.
    throw new ApiError(res.status, msg, res.status === 404 && body == null);
  }
  return body;
}

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') u.set(k, String(v));
  }
  return u.toString();
}
