/**
 * Alert history: every state change of every alert ({@link dev.sightline.alerting.history.Transitions}),
 * kept in append-only day files ({@link dev.sightline.alerting.history.AlertHistory}) and searched by
 * {@code GET /api/alerts/history} ({@link dev.sightline.alerting.history.AlertHistoryApi}). Appends are
 * serialised by the store's lock; searches read without it.
 */
package dev.sightline.alerting.history;
