/**
 * Prometheus' HTTP query API over the engine: {@code /api/v1/query}, {@code /api/v1/query_range} and
 * {@code /api/v1/format_query}, answered byte-for-byte in Prometheus' JSON shape. Handlers are stateless and
 * thread-safe; each runs on the query server's virtual threads.
 */
package dev.sightline.query.promql.api;
