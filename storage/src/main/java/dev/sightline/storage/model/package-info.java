/**
 * Domain values shared by every module: signals, IDs, and the one labels model (Labels, Matcher, MatchType,
 * LabelRegex) that the metric store, the Prometheus API, PromQL and alert routing all use. Immutable and
 * thread-safe, except {@code Labels.Builder} and {@code LabelRegex.Groups}, which belong to one thread.
 */
package dev.sightline.storage.model;
