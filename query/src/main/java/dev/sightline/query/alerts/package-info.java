/**
 * Alerting: Prometheus rule files loaded from a folder ({@link dev.sightline.query.alerts.RuleLoader}), evaluated
 * on a schedule against the PromQL engine with the alert state machine ({@link dev.sightline.query.alerts.RuleManager},
 * {@link dev.sightline.query.alerts.AlertingRule}), annotation templates, and Prometheus' rule endpoints
 * ({@link dev.sightline.query.alerts.RulesApi}). Rules and their alerts are thread-safe; one scheduler thread
 * evaluates, API handlers read.
 */
package dev.sightline.query.alerts;
