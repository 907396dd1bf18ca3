package dev.sightline.ingest.otlp;

import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks each span of an export and keeps the valid ones. A span is rejected when its trace ID is not 16
 * bytes or is all zeros, its span ID is not 8 bytes or is all zeros, its parent span ID is neither empty nor
 * 8 bytes, its start time is missing or absurd (before 1990, more than a day ahead), or it ends before it starts.
 *
 * @param accepted the request with only the valid spans (the same object when all are valid)
 * @param acceptedSpans how many spans were kept
 * @param rejectedSpans how many were dropped
 * @param errorMessage why, for {@code partial_success.error_message}; empty when nothing was rejected
 */
public record TraceValidation(ExportTraceServiceRequest accepted, int acceptedSpans, int rejectedSpans,
        String errorMessage) {
    private static final int MAX_REASONS = 3;
    /** 1990-01-01T00:00:00Z: earlier start times are clock errors, not telemetry. */
    static final long EARLIEST_NANOS = 631_152_000L * 1_000_000_000L;
    static final long FUTURE_TOLERANCE_NANOS = 86_400L * 1_000_000_000L;

    /** Validates with no retention limit (only the absolute bounds). */
    public static TraceValidation of(ExportTraceServiceRequest request) {
        return of(request, java.time.Duration.ofDays(365L * 200));
    }

    /**
     * Validates {@code request}; spans starting more than {@code retention} ago are rejected too, since retention
     * would drop them.
     */
    public static TraceValidation of(ExportTraceServiceRequest request, java.time.Duration retention) {
        long now = System.currentTimeMillis() * 1_000_000L;
        long retentionNanos = retention.compareTo(java.time.Duration.ofDays(100_000)) > 0 ? now : retention.toNanos();
        long oldest = Math.max(EARLIEST_NANOS, now - Math.min(retentionNanos, now));
        String retentionText = retention.toDays() >= 1 ? retention.toDays() + "d" : retention.toHours() + "h";
        int total = 0;
        boolean anyInvalid = false;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    total++;
                    anyInvalid |= problem(span, now, oldest, retentionText) != null;
                }
            }
        }
        if (!anyInvalid) {
            return new TraceValidation(request, total, 0, "");
        }
        Set<String> reasons = new LinkedHashSet<>();
        int rejected = 0;
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ResourceSpans.Builder rsOut = rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder ssOut = ss.toBuilder().clearSpans();
                for (Span span : ss.getSpansList()) {
                    String problem = problem(span, now, oldest, retentionText);
                    if (problem == null) {
                        ssOut.addSpans(span);
                    } else {
                        rejected++;
                        if (reasons.size() < MAX_REASONS) {
                            reasons.add(describe(span) + ": " + problem);
                        }
                    }
                }
                if (ssOut.getSpansCount() > 0) {
                    rsOut.addScopeSpans(ssOut);
                }
            }
            if (rsOut.getScopeSpansCount() > 0) {
                out.addResourceSpans(rsOut);
            }
        }
        String message = "rejected " + rejected + " of " + total + " spans: " + String.join("; ", reasons)
                + (rejected > reasons.size() ? "; …" : "");
        return new TraceValidation(out.build(), total - rejected, rejected, message);
    }

    /** Why the span is invalid, or null when it is valid. */
    static String problem(Span span, long nowNanos, long oldestNanos, String retentionText) {
        if (span.getTraceId().size() != 16) {
            return "trace ID must be 16 bytes, got " + span.getTraceId().size();
        }
        if (HexIds.isAllZero(span.getTraceId())) {
            return "trace ID is all zeros";
        }
        if (span.getSpanId().size() != 8) {
            return "span ID must be 8 bytes, got " + span.getSpanId().size();
        }
        if (HexIds.isAllZero(span.getSpanId())) {
            return "span ID is all zeros";
        }
        if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
            return "parent span ID must be empty or 8 bytes, got " + span.getParentSpanId().size();
        }
        long start = span.getStartTimeUnixNano();
        if (start == 0) {
            return "start time is missing";
        }
        if (Long.compareUnsigned(start, EARLIEST_NANOS) < 0
                || Long.compareUnsigned(start, nowNanos + FUTURE_TOLERANCE_NANOS) > 0) {
            return "start time " + Long.toUnsignedString(start) + " ns is outside the accepted range "
                    + "(after 1990-01-01 and at most one day in the future)";
        }
        if (Long.compareUnsigned(start, oldestNanos) < 0) {
            return "start time " + java.time.Instant.ofEpochSecond(0, start) + " is older than the trace retention ("
                    + retentionText + ")";
        }
        if (Long.compareUnsigned(span.getEndTimeUnixNano(), start) < 0) {
            return "end time " + Long.toUnsignedString(span.getEndTimeUnixNano()) + " is before start time "
                    + Long.toUnsignedString(span.getStartTimeUnixNano());
        }
        return null;
    }

    private static String describe(Span span) {
        String name = span.getName().length() > 60 ? span.getName().substring(0, 60) + "…" : span.getName();
        return "span \"" + name + "\" (span ID " + HexIds.toHex(span.getSpanId()) + ")";
    }
}
