/**
 * Notifications: {@code receivers.yaml} ({@link dev.sightline.query.alerts.notify.NotifyConfigLoader}) with
 * Alertmanager-style routes, grouping and timing ({@link dev.sightline.query.alerts.notify.Dispatcher}),
 * per-receiver delivery queues persisted across restarts ({@link dev.sightline.query.alerts.notify.Notifications}),
 * and pushes to existing Alertmanagers ({@link dev.sightline.query.alerts.notify.AlertmanagerPusher}). Both entry
 * points are thread-safe: the rule thread hands alerts in, their own threads deliver.
 */
package dev.sightline.query.alerts.notify;
