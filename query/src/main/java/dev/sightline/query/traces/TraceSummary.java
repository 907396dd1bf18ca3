package dev.sightline.query.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.traces.StoredSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line about a trace: its root, when it started, how long it took, how big it is, how many spans failed.
 *
 * @param traceId lower-case hex
 * @param rootService service of the root span
 * @param rootOperation name of the root span
 * @param startMicros earliest span start, Unix microseconds
 * @param durationMicros from the earliest start to the latest end
 * @param spanCount spans stored
 * @param errorCount spans whose status is ERROR
 * @param services every service with a span in the trace, sorted
 */
public record TraceSummary(String traceId, String rootService, String rootOperation, long startMicros,
        long durationMicros, int spanCount, int errorCount, List<String> services) {

    /**
     * Summarises a non-empty trace. The root is chosen among spans without a parent, or, when the real root was
     * never received, among spans whose parent is missing; then the earliest start wins, then the longest span.
     */
    public static TraceSummary of(List<StoredSpan> spans) {
        Set<com.google.protobuf.ByteString> ids = new HashSet<>();
        for (StoredSpan s : spans) {
            ids.add(s.span().getSpanId());
        }
        StoredSpan root = spans.stream().min(rootOrder(ids)).orElseThrow();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int errors = 0;
        Set<String> services = new TreeSet<>();
        for (StoredSpan s : spans) {
            Span span = s.span();
            start = Math.min(start, span.getStartTimeUnixNano());
            end = Math.max(end, span.getEndTimeUnixNano());
            if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
                errors++;
            }
            services.add(service(s));
        }
        return new TraceSummary(HexIds.toHex(root.span().getTraceId()), service(root), root.span().getName(),
                start / 1000, Math.max(0, end - start) / 1000, spans.size(), errors, List.copyOf(services));
    }

    /** Real roots (no parent) first, then orphans (parent not received), then the rest; earliest, then longest. */
    static Comparator<StoredSpan> rootOrder(Set<com.google.protobuf.ByteString> ids) {
        return Comparator.<StoredSpan>comparingInt(s -> {
            if (s.span().getParentSpanId().isEmpty()) {
                return 0;
            }
            return ids.contains(s.span().getParentSpanId()) ? 2 : 1;
        })
                .thenComparingLong(s -> s.span().getStartTimeUnixNano())
                .thenComparing(Comparator.comparingLong(
                        (StoredSpan s) -> s.span().getEndTimeUnixNano() - s.span().getStartTimeUnixNano()).reversed())
                .thenComparing(s -> HexIds.toHex(s.span().getSpanId()));
    }

    private static String service(StoredSpan s) {
        return ServiceName.of(s.resource().getResource().getAttributesList());
    }

    /** Writes the summary as a JSON object (Jaeger's field spelling: traceID, startTime and duration in µs). */
    public void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeFields(g);
        g.writeEndObject();
    }

    /** Writes the summary's fields into the JSON object being written, for callers that add their own. */
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeStringField("traceID", traceId);
        g.writeStringField("rootService", rootService);
        g.writeStringField("rootOperation", rootOperation);
        g.writeNumberField("startTime", startMicros);
        g.writeNumberField("duration", durationMicros);
        g.writeNumberField("spanCount", spanCount);
        g.writeNumberField("errorCount", errorCount);
        g.writeArrayFieldStart("services");
        for (String s : services) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
