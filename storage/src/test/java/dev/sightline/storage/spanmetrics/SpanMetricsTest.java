package dev.sightline.storage.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.metrics.SeriesSamples;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.series.SeriesExemplars;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanMetricsTest {
    private static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 3_600_000;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(T0);
    private MetricStore store;
    private int spanSeq;

    @BeforeEach
    void open() throws Exception {
        store = MetricStore.open(dir.resolve("metrics"), MetricsOptions.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SpanMetrics spanMetrics(int maxSeries) {
        return SpanMetrics.open(dir.resolve("spanmetrics/state"),
                new SpanMetricsOptions(true, Duration.ofSeconds(15), maxSeries), store, clock::get);
    }

    private Span span(String name, Span.SpanKind kind, Status.StatusCode status, long durationMs) {
        spanSeq++;
        byte[] trace = new byte[16];
        trace[15] = (byte) spanSeq;
        trace[0] = 1;
        byte[] id = new byte[8];
        id[7] = (byte) spanSeq;
        long start = (T0 - 60_000) * 1_000_000L + spanSeq * 1_000_000L;
        return Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(id))
                .setName(name).setKind(kind).setStatus(Status.newBuilder().setCode(status))
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + durationMs * 1_000_000L).build();
    }

    private static ExportTraceServiceRequest batch(String service, Span... spans) {
        Resource.Builder r = Resource.newBuilder();
        if (service != null) {
            r.addAttributes(KeyValue.newBuilder().setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue(service)));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(r)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    private List<SeriesSamples> read(String name, String... labels) throws Exception {
        List<Matcher> m = new ArrayList<>(List.of(Matcher.equal("__name__", name)));
        for (int i = 0; i < labels.length; i += 2) {
            m.add(Matcher.equal(labels[i], labels[i + 1]));
        }
        return store.read(m, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private double last(String name, String... labels) throws Exception {
        List<SeriesSamples> s = read(name, labels);
        assertThat(s).as("series %s %s", name, List.of(labels)).hasSize(1);
        double[] v = s.getFirst().values();
        return v[v.length - 1];
    }

    @Test
    void namesLabelsAndBucketsAreTheConnectorsWithAZeroFirstAndExemplars() throws Exception {
        Span error;
        try (SpanMetrics m = spanMetrics(100)) {
            m.start();
            error = span("POST /checkout", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_ERROR, 3);
            m.apply(1, Signal.TRACES, batch("checkout", error,
                    span("POST /checkout", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_UNSET, 120),
                    span("SELECT", Span.SpanKind.SPAN_KIND_CLIENT, Status.StatusCode.STATUS_CODE_UNSET, 20_000)));
            m.apply(2, Signal.TRACES, batch(null, span("x", Span.SpanKind.SPAN_KIND_SERVER,
                    Status.StatusCode.STATUS_CODE_ERROR, 1)));
            clock.addAndGet(15_000);
            m.flush();
        }
        List<SeriesSamples> errors = read("traces_span_metrics_calls_total", "status_code", "STATUS_CODE_ERROR");
        assertThat(errors).hasSize(1);
        Labels l = errors.getFirst().labels();
        assertThat(l.get("service_name")).isEqualTo("checkout");
        assertThat(l.get("span_name")).isEqualTo("POST /checkout");
        assertThat(l.get("span_kind")).isEqualTo("SPAN_KIND_SERVER");
        assertThat(l.get("job")).isEqualTo("checkout");
        assertThat(l.get("otel_scope_name")).isEqualTo("spanmetricsconnector");
        assertThat(errors.getFirst().timestamps()).containsExactly(T0, T0 + 15_000);
        assertThat(errors.getFirst().values()).containsExactly(0, 1);

        assertThat(last("traces_span_metrics_calls_total", "span_kind", "SPAN_KIND_CLIENT")).isEqualTo(1);
        assertThat(last("traces_span_metrics_duration_milliseconds_bucket", "span_name", "SELECT", "le", "15000"))
                .isZero();
        assertThat(last("traces_span_metrics_duration_milliseconds_bucket", "span_name", "SELECT", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(last("traces_span_metrics_duration_milliseconds_bucket", "status_code", "STATUS_CODE_ERROR",
                "le", "2")).isZero();
        assertThat(last("traces_span_metrics_duration_milliseconds_bucket", "status_code", "STATUS_CODE_ERROR",
                "le", "4")).isEqualTo(1);
        assertThat(last("traces_span_metrics_duration_milliseconds_sum", "status_code", "STATUS_CODE_UNSET",
                "span_name", "POST /checkout")).isEqualTo(120);
        List<String> les = new ArrayList<>();
        for (SeriesSamples s : read("traces_span_metrics_duration_milliseconds_bucket", "span_name", "SELECT")) {
            les.add(s.labels().get("le"));
        }
        assertThat(les).containsExactlyInAnyOrder("2", "4", "6", "8", "10", "50", "100", "200", "400", "800", "1000",
                "1400", "2000", "5000", "10000", "15000", "+Inf");
        // no service.name: not counted, as the connector skips it
        assertThat(read("traces_span_metrics_calls_total", "span_name", "x")).isEmpty();

        List<SeriesExemplars> ex = store.exemplars(List.of(Matcher.equal("__name__",
                "traces_span_metrics_calls_total"), Matcher.equal("status_code", "STATUS_CODE_ERROR")),
                Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(ex).hasSize(1);
        assertThat(ex.getFirst().exemplars()).extracting(e -> e.traceId())
                .containsExactly(HexFormat.of().formatHex(error.getTraceId().toByteArray()));
    }

    @Test
    void replayedRecordsAreCountedOnceAcrossARestart() throws Exception {
        ExportTraceServiceRequest one = batch("a", span("op", Span.SpanKind.SPAN_KIND_SERVER,
                Status.StatusCode.STATUS_CODE_OK, 5));
        ExportTraceServiceRequest two = batch("a", span("op", Span.SpanKind.SPAN_KIND_SERVER,
                Status.StatusCode.STATUS_CODE_OK, 5), span("op", Span.SpanKind.SPAN_KIND_SERVER,
                Status.StatusCode.STATUS_CODE_OK, 5));
        try (SpanMetrics m = spanMetrics(100)) {
            m.apply(1, Signal.TRACES, one);
            m.apply(2, Signal.TRACES, two);
            m.commit(2);
            m.start();
        }
        assertThat(last("traces_span_metrics_calls_total")).isEqualTo(3);
        clock.addAndGet(15_000);
        try (SpanMetrics m = spanMetrics(100)) {
            // the WAL checkpoint may lie before the state's LSN: both records come again
            m.apply(1, Signal.TRACES, one);
            m.apply(2, Signal.TRACES, two);
            m.apply(3, Signal.TRACES, one);
            m.start();
        }
        SeriesSamples s = read("traces_span_metrics_calls_total").getFirst();
        assertThat(s.values()).as("series first seen before start (replay): no zero point").containsExactly(3, 4);
    }

    @Test
    void aCrashBeforeTheStateIsSavedNeitherLosesNorDoublesSpansAndTheCounterNeverDrops() throws Exception {
        ExportTraceServiceRequest one = batch("a", span("op", Span.SpanKind.SPAN_KIND_SERVER,
                Status.StatusCode.STATUS_CODE_OK, 5));
        try (SpanMetrics m = spanMetrics(100)) {
            m.start();
            m.apply(1, Signal.TRACES, one);
            m.commit(1);
            m.apply(2, Signal.TRACES, one);
            clock.addAndGet(15_000);
            m.flush(); // 2 written, but the state still says 1 through LSN 1
        }
        clock.addAndGet(15_000);
        try (SpanMetrics m = spanMetrics(100)) {
            m.apply(1, Signal.TRACES, one); // skipped
            m.apply(2, Signal.TRACES, one); // replayed: counted once
            m.start();
        }
        double[] v = read("traces_span_metrics_calls_total").getFirst().values();
        assertThat(v).containsExactly(0, 2, 2);
    }

    @Test
    void spansPastTheSeriesLimitGoToAnOverflowSeries() throws Exception {
        try (SpanMetrics m = spanMetrics(2)) {
            m.start();
            m.apply(1, Signal.TRACES, batch("a",
                    span("a", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_OK, 1),
                    span("b", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_OK, 1),
                    span("c", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_OK, 1),
                    span("d", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_OK, 1),
                    span("a", Span.SpanKind.SPAN_KIND_SERVER, Status.StatusCode.STATUS_CODE_OK, 1)));
            clock.addAndGet(1000);
            m.flush();
            assertThat(m.seriesCount()).isEqualTo(3);
        }
        assertThat(last("traces_span_metrics_calls_total", "span_name", "a")).isEqualTo(2);
        assertThat(last("traces_span_metrics_calls_total", "otel_metric_overflow", "true")).isEqualTo(2);
    }

    @Test
    void aDamagedStateFileRestartsFromZero() throws Exception {
        try (SpanMetrics m = spanMetrics(100)) {
            m.apply(1, Signal.TRACES, batch("a", span("op", Span.SpanKind.SPAN_KIND_SERVER,
                    Status.StatusCode.STATUS_CODE_OK, 5)));
            m.commit(1);
        }
        Path state = dir.resolve("spanmetrics/state");
        byte[] b = Files.readAllBytes(state);
        b[b.length - 1] ^= 1;
        Files.write(state, b);
        try (SpanMetrics m = spanMetrics(100)) {
            assertThat(m.seriesCount()).isZero();
        }
    }
}
