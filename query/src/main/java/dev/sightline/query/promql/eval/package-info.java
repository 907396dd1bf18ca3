/**
 * Evaluates a parsed PromQL expression over a {@link dev.sightline.storage.series.SeriesSource}:
 * instant and range queries, step by step, with Prometheus 3 semantics. An {@link
 * dev.sightline.query.promql.eval.Engine} is thread-safe; each query gets its own single-threaded evaluator.
 */
package dev.sightline.query.promql.eval;
