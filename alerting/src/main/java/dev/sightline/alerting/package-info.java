/**
 * Alerting: Prometheus rule files loaded from a folder ({@link dev.sightline.alerting.RuleLoader}), evaluated
 * on a schedule against the PromQL engine with the alert state machine ({@link dev.sightline.alerting.RuleManager},
 * {@link dev.sightline.alerting.AlertingRule}), annotation templates, and Prometheus' rule endpoints
 * ({@link dev.sightline.alerting.RulesApi}). Rules and their alerts are thread-safe; one scheduler thread
 * evaluates, API handlers read.
 */
package dev.sightline.alerting;
