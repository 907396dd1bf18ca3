/**
 * The engine's view of metric storage: {@link dev.sightline.query.promql.storage.SeriesSource} selects series
 * by label matchers over a time range. Values here are immutable and thread-safe; the in-memory source is
 * safe for concurrent reads once loaded.
 */
package dev.sightline.query.promql.storage;
