package dev.sightline.storage.spans;

/** A span found by a search, by its IDs (lower-case hex). */
public record SpanRef(String traceId, String spanId) {
}
