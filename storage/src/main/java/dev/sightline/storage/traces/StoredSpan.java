package dev.sightline.storage.traces;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * One span as stored, with everything OTLP sent around it.
 *
 * @param resource the span's resource and its schema URL (its {@code scope_spans} is empty)
 * @param scope the instrumentation scope and its schema URL (its {@code spans} is empty)
 * @param span the span itself: IDs, name, kind, times, attributes, events, links, status, trace state, flags
 *     and dropped counts, exactly as received
 */
public record StoredSpan(ResourceSpans resource, ScopeSpans scope, Span span) {
}
