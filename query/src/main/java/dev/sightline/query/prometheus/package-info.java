/**
 * Prometheus' HTTP API over the metric store: series, labels, label values, metadata, build info and
 * exemplars, in Prometheus' envelope with its error types, plus the series-selector parser that
 * {@code match[]} needs. Handlers are stateless and run on the query server's virtual threads.
 */
package dev.sightline.query.prometheus;
