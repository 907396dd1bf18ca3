package dev.sightline.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.traces.StoredSpan;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes traces in the JSON model of Jaeger's query service HTTP API ({@code GET /api/traces/{id}}), so that
 * Jaeger UI and Grafana's Jaeger data source render them unchanged.
 *
 * <p>What Jaeger (v2) does to OTLP spans on that path, and is done here too: its query adjusters (attributes
 * sorted by key; {@code ip}/{@code peer.ipv4} numbers as dotted strings; {@code telemetry.sdk.*} and
 * {@code telemetry.distro.*} span attributes moved to the process; links with an empty trace ID removed with a
 * warning; a warning on each span whose parent is not in the trace), then the OpenTelemetry Collector's
 * OTLP-to-Jaeger translator (see {@link JaegerSpans}), then Jaeger's JSON conversion ({@code FromDomain}: empty
 * lists as {@code []}, absent warnings as {@code null}, int64 beyond ±(2^53−1) as strings).
 *
 * <p>Done differently, on purpose: spans are written in start-time order (then span ID) and a span ID seen
 * twice is written once (the first given); trace IDs are always 32 hex digits; span events are in time order;
 * non-zero dropped attribute/event/link counts are written as the OpenTelemetry non-OTLP mapping names them
 * ({@code otel.dropped_*_count}), which the translator omits; no clock-skew adjustment is made.
 *
 * <p>The methods throw {@link UncheckedIOException} when the generator fails to write.
 */
public final class JaegerModel {
    static final String MISSING_PARENT_WARNING = "parent span ID=%s is not in the trace; skipping clock skew adjustment";

    private static final Comparator<StoredSpan> BY_START_THEN_ID = (a, b) -> {
        int c = Long.compareUnsigned(a.span().getStartTimeUnixNano(), b.span().getStartTimeUnixNano());
        return c != 0 ? c : ByteString.unsignedLexicographicalComparator().compare(a.span().getSpanId(),
                b.span().getSpanId());
    };

    private JaegerModel() {
    }

    /**
     * Writes {@code {"data":[trace,…],"total":N,"limit":0,"offset":0,"errors":null}}, N being the number of
     * traces.
     */
    public static void writeTracesEnvelope(JsonGenerator g, List<List<StoredSpan>> traces) {
        try {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (List<StoredSpan> trace : traces) {
                writeTraceObject(g, trace);
            }
            g.writeEndArray();
            g.writeNumberField("total", traces.size());
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            g.writeNullField("errors");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code {"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":code,"msg":msg}]}}; as in
     * Jaeger, a code of 0 is left out.
     */
    public static void writeErrorEnvelope(JsonGenerator g, int code, String msg) {
        try {
            g.writeStartObject();
            g.writeNullField("data");
            g.writeNumberField("total", 0);
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            g.writeArrayFieldStart("errors");
            g.writeStartObject();
            if (code != 0) {
                g.writeNumberField("code", code);
            }
            g.writeStringField("msg", msg);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one trace: {@code {"traceID":…,"spans":[…],"processes":{…},"warnings":null}}. The trace ID is the
     * first span's; with no spans it is empty.
     */
    public static void writeTrace(JsonGenerator g, List<StoredSpan> spans) {
        try {
            writeTraceObject(g, spans);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTraceObject(JsonGenerator g, List<StoredSpan> input) throws IOException {
        List<StoredSpan> spans = uniqueSortedSpans(input);
        Set<ByteString> spanIds = new HashSet<>();
        for (StoredSpan s : spans) {
            spanIds.add(s.span().getSpanId());
        }

        // Processes are numbered in span order before any span is written, as the spans refer to them.
        JaegerProcesses processes = new JaegerProcesses();
        List<String> processIds = new ArrayList<>(spans.size());
        List<List<KeyValue>> attributes = new ArrayList<>(spans.size());
        List<List<String>> warnings = new ArrayList<>(spans.size());
        for (StoredSpan s : spans) {
            List<String> w = new ArrayList<>(0);
            ByteString parent = s.span().getParentSpanId();
            if (!HexIds.isAllZero(parent) && !spanIds.contains(parent)) {
                w.add(String.format(MISSING_PARENT_WARNING, JaegerSpans.spanIdHex(parent)));
            }
            JaegerProcesses.Assignment a =
                    processes.assign(s.resource(), JaegerTags.sorted(s.span().getAttributesList()), w);
            processIds.add(a.processId());
            attributes.add(a.spanAttributes());
            warnings.add(w);
        }

        g.writeStartObject();
        g.writeStringField("traceID", spans.isEmpty() ? "" : JaegerSpans.traceIdHex(spans.get(0).span().getTraceId()));
        g.writeArrayFieldStart("spans");
        for (int i = 0; i < spans.size(); i++) {
            JaegerSpans.write(g, spans.get(i), attributes.get(i), processIds.get(i), warnings.get(i));
        }
        g.writeEndArray();
        g.writeFieldName("processes");
        processes.write(g);
        g.writeNullField("warnings");
        g.writeEndObject();
    }

    /** The spans with each span ID once (its first occurrence), by start time, then span ID. */
    static List<StoredSpan> uniqueSortedSpans(List<StoredSpan> spans) {
        Map<ByteString, StoredSpan> byId = new LinkedHashMap<>(spans.size() * 2);
        for (StoredSpan s : spans) {
            byId.putIfAbsent(s.span().getSpanId(), s);
        }
        List<StoredSpan> out = new ArrayList<>(byId.values());
        out.sort(BY_START_THEN_ID);
        return out;
    }
}
