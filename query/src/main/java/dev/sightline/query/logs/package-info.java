/**
 * The log search API: {@code /api/logs/search}, {@code /histogram}, {@code /fields}, {@code /fields/{name}/values}
 * and {@code /api/traces/{traceId}/logs}, over the log store's searcher. Handlers are stateless and thread-safe.
 */
package dev.sightline.query.logs;
