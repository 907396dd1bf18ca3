/**
 * A Prometheus-compatible PromQL engine: parser ({@code parser}, {@code ast}), evaluator ({@code eval},
 * {@code functions}), the storage interface it reads ({@code storage}) and the HTTP API ({@code api}).
 */
package dev.sightline.query.promql;
