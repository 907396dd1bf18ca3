/**
 * Notifications: {@code receivers.yaml} ({@link dev.sightline.alerting.notify.NotifyConfigLoader}) with
 * Alertmanager-style routes, grouping and timing ({@link dev.sightline.alerting.notify.Dispatcher}),
 * per-receiver delivery queues persisted across restarts ({@link dev.sightline.alerting.notify.Notifications}),
 * and pushes to existing Alertmanagers ({@link dev.sightline.alerting.notify.AlertmanagerPusher}). Both entry
 * points are thread-safe: the rule thread hands alerts in, their own threads deliver.
 */
package dev.sightline.alerting.notify;
