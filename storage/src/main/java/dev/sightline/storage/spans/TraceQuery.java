package dev.sightline.storage.spans;

import java.util.Map;

/**
 * A trace search: a trace matches when one of its spans satisfies every condition, as in Jaeger.
 *
 * @param service the span's service, or null for any
 * @param operation the span's name, or null for any
 * @param tags key → value; each must match a span attribute, a resource attribute, or one of the fields
 *     {@code error}, {@code span.kind}, {@code otel.status_code}, {@code http.status_code}
 * @param startNanos earliest span start, inclusive
 * @param endNanos latest span start, inclusive
 * @param minDurationNanos shortest span duration, or 0
 * @param maxDurationNanos longest span duration, or {@link Long#MAX_VALUE}
 * @param limit how many traces to return, counted after filtering
 */
public record TraceQuery(String service, String operation, Map<String, String> tags, long startNanos,
        long endNanos, long minDurationNanos, long maxDurationNanos, int limit) {
    public TraceQuery {
        tags = Map.copyOf(tags);
    }
}
