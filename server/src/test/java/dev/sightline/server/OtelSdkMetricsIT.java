package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.storage.metrics.SeriesSamples;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.series.SeriesExemplars;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenTelemetry Java SDK exports metrics of every instrument kind over OTLP/gRPC and OTLP/HTTP, with
 * cumulative and delta temporality, explicit and exponential histograms; the series are read back through
 * the series, labels and label-values APIs and the raw samples checked in the store (deltas accumulated).
 * Also the OTLP specification's metrics JSON example.
 */
class OtelSdkMetricsIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @TempDir
    static Path data;
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // the specification's example is from 2018: keep it
        server = InProcessServer.start(data, "--metrics.retention=100000d");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void grpcCumulative() throws Exception {
        roundTrip(OtlpGrpcMetricExporter.builder().setEndpoint(server.grpcEndpoint())
                .setAggregationTemporalitySelector(AggregationTemporalitySelector.alwaysCumulative()).build(),
                "grpc-cumulative");
    }

    @Test
    void grpcDelta() throws Exception {
        roundTrip(OtlpGrpcMetricExporter.builder().setEndpoint(server.grpcEndpoint())
                .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build(),
                "grpc-delta");
    }

    @Test
    void httpCumulativeGzip() throws Exception {
        roundTrip(OtlpHttpMetricExporter.builder().setEndpoint(server.otlpHttp("/v1/metrics")).setCompression("gzip")
                .setAggregationTemporalitySelector(AggregationTemporalitySelector.alwaysCumulative()).build(),
                "http-cumulative");
    }

    @Test
    void httpDelta() throws Exception {
        roundTrip(OtlpHttpMetricExporter.builder().setEndpoint(server.otlpHttp("/v1/metrics"))
                .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build(),
                "http-delta");
    }

    private void roundTrip(MetricExporter exporter, String service) throws Exception {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", service).put("service.namespace", "shop").put("service.instance.id", "i-1")
                .put("deployment.environment", "it").put("process.pid", 4242L).build()));
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        AtomicLong temperature = new AtomicLong(40);
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader)
                .registerView(InstrumentSelector.builder().setName("payload.size").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .build()) {
            Meter meter = provider.get("it.meter");
            Attributes get = Attributes.of(AttributeKey.stringKey("http.request.method"), "GET");
            LongCounter requests = meter.counterBuilder("requests").setUnit("{request}")
                    .setDescription("Requests served").build();
            LongUpDownCounter queue = meter.upDownCounterBuilder("queue.depth").build();
            DoubleHistogram duration = meter.histogramBuilder("request.duration").setUnit("s").build();
            DoubleHistogram payload = meter.histogramBuilder("payload.size").setUnit("By").build();
            meter.gaugeBuilder("cpu.temperature").setUnit("Cel").buildWithCallback(m -> m.record(temperature.get()));
            meter.counterBuilder("bytes.sent").setUnit("By").buildWithCallback(m -> m.record(temperature.get() * 10));
            meter.upDownCounterBuilder("connections").buildWithCallback(m -> m.record(7));

            Span traced = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
            try (Scope ignored = traced.makeCurrent()) {
                requests.add(5, get);
            }
            queue.add(4);
            duration.record(0.1, get);
            duration.record(0.2, get);
            duration.record(3, get);
            payload.record(1);
            payload.record(2);
            payload.record(1000);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).as("first export").isTrue();
            Thread.sleep(5); // the next export must carry a later timestamp (ms resolution)
            requests.add(3, get);
            queue.add(-1);
            duration.record(0.4, get);
            payload.record(4);
            temperature.set(42);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).as("second export").isTrue();
        }
        String job = "shop/" + service;
        // counters: cumulative 8 whether the SDK sent 5 then 8 or 5 then +3
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "requests_total", "job", job)))
                .isEqualTo(8);
        SeriesSamples req = MetricsReads.only(server, "__name__", "requests_total", "job", job);
        assertThat(req.labels().get("instance")).isEqualTo("i-1");
        assertThat(req.labels().get("http_request_method")).isEqualTo("GET");
        assertThat(req.labels().get("deployment_environment")).as("low-cardinality resource attribute").isEqualTo("it");
        assertThat(req.labels().get("process_pid")).as("an ID is not promoted").isEmpty();
        assertThat(req.labels().get("otel_scope_name")).isEqualTo("it.meter");
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "queue_depth", "job", job))).isEqualTo(3);
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "cpu_temperature_celsius", "job", job)))
                .isEqualTo(42);
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "bytes_sent_bytes_total", "job", job)))
                .isEqualTo(420);
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "connections", "job", job))).isEqualTo(7);
        // explicit histogram
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "request_duration_seconds_count", "job",
                job))).isEqualTo(4);
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "request_duration_seconds_sum", "job", job)))
                .isCloseTo(3.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "request_duration_seconds_bucket", "job",
                job, "le", "5"))).isEqualTo(4);
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "request_duration_seconds_bucket", "job",
                job, "le", "0"))).isEqualTo(0);
        // exponential histogram, as classic buckets with exact bounds: cumulative counts never decrease
        List<SeriesSamples> buckets = MetricsReads.read(server, "__name__", "payload_size_bytes_bucket", "job", job);
        assertThat(buckets).hasSizeGreaterThan(3);
        List<double[]> byLe = new ArrayList<>();
        for (SeriesSamples b : buckets) {
            String le = b.labels().get("le");
            byLe.add(new double[] {le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                MetricsReads.last(b)});
        }
        byLe.sort((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 1; i < byLe.size(); i++) {
            assertThat(byLe.get(i)[1]).isGreaterThanOrEqualTo(byLe.get(i - 1)[1]);
        }
        assertThat(byLe.getLast()[1]).as("+Inf bucket").isEqualTo(4);
        assertThat(byLe.stream().filter(b -> b[0] >= 1000).findFirst().orElseThrow()[1]).isEqualTo(4);
        assertThat(byLe.stream().filter(b -> b[0] >= 4).findFirst().orElseThrow()).as("le=4 exactly")
                .containsExactly(4, 3);
        assertThat(byLe.stream().filter(b -> b[0] >= 2).findFirst().orElseThrow()).containsExactly(2, 2);
        assertThat(MetricsReads.last(MetricsReads.only(server, "__name__", "payload_size_bytes_count", "job", job)))
                .isEqualTo(4);
        assertThat(MetricsReads.read(server, "__name__", "target_info", "job", job)).hasSize(1);

        // the same through the HTTP API
        JsonNode series = api("/api/v1/series?match[]=" + enc("{job=\"" + job + "\"}"));
        List<String> names = new ArrayList<>();
        series.get("data").forEach(s -> names.add(s.get("__name__").asText()));
        assertThat(names).contains("requests_total", "queue_depth", "cpu_temperature_celsius", "bytes_sent_bytes_total",
                "connections", "request_duration_seconds_bucket", "request_duration_seconds_sum",
                "request_duration_seconds_count", "payload_size_bytes_bucket", "target_info");
        JsonNode labels = api("/api/v1/labels?match[]=" + enc("requests_total{job=\"" + job + "\"}"));
        assertThat(labels.get("data").toString()).contains("\"__name__\"", "\"job\"", "\"instance\"",
                "\"http_request_method\"");
        JsonNode values = api("/api/v1/label/__name__/values?match[]=" + enc("{job=\"" + job + "\",__name__=~\"request.*\"}"));
        assertThat(values.get("data").toString()).isEqualTo("[\"request_duration_seconds_bucket\","
                + "\"request_duration_seconds_count\",\"request_duration_seconds_sum\",\"requests_total\"]");

        // the exemplar of the traced increment, by trace ID and through query_exemplars
        List<SeriesExemplars> byTrace = server.server.storage().metrics().exemplarsForTrace(TraceId.parse(TRACE));
        assertThat(byTrace).anySatisfy(s -> {
            assertThat(s.series().get("job")).isEqualTo(job);
            assertThat(s.exemplars().getFirst().spanId()).isEqualTo(SPAN);
        });
        JsonNode ex = api("/api/v1/query_exemplars?query=" + enc("requests_total{job=\"" + job + "\"}"));
        assertThat(ex.at("/data/0/exemplars/0/labels/trace_id").asText()).isEqualTo(TRACE);
        assertThat(ex.at("/data/0/exemplars/0/value").asText()).isEqualTo("5");
    }

    @Test
    void specificationExampleOverHttpJson() throws Exception {
        byte[] body = Files.readAllBytes(SharedFiles.require("otlp-examples/metrics.json"));
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/metrics"), body, "Content-Type", "application/json");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).doesNotContain("partialSuccess\":{\"rejected");
        long t = 1544712660300L;
        SeriesSamples counter = MetricsReads.only(server, "__name__", "my_counter_total", "job", "my.service");
        assertThat(counter.labels().get("otel_scope_name")).isEqualTo("my.library");
        assertThat(counter.labels().get("otel_scope_version")).isEqualTo("1.0.0");
        assertThat(counter.labels().get("my_counter_attr")).isEqualTo("some value");
        assertThat(counter.timestamps()).containsExactly(t);
        assertThat(counter.values()).containsExactly(5);
        assertThat(MetricsReads.only(server, "__name__", "my_gauge_ratio").values()).containsExactly(10);
        assertThat(MetricsReads.only(server, "__name__", "my_histogram_bucket", "le", "1").values()).containsExactly(1);
        assertThat(MetricsReads.only(server, "__name__", "my_histogram_bucket", "le", "+Inf").values())
                .containsExactly(2);
        assertThat(MetricsReads.only(server, "__name__", "my_histogram_sum").values()).containsExactly(2);
        String exp = "my_exponential_histogram_bucket";
        assertThat(MetricsReads.only(server, "__name__", exp, "le", "0").values()).as("zero bucket").containsExactly(1);
        assertThat(MetricsReads.only(server, "__name__", exp, "le", "4").values()).containsExactly(1);
        assertThat(MetricsReads.only(server, "__name__", exp, "le", "8").values()).containsExactly(3);
        assertThat(MetricsReads.only(server, "__name__", exp, "le", "+Inf").values()).containsExactly(3);
        assertThat(MetricsReads.only(server, "__name__", "my_exponential_histogram_count").values()).containsExactly(3);
        assertThat(MetricsReads.only(server, "__name__", "target_info", "job", "my.service").values())
                .containsExactly(1);
        JsonNode md = api("/api/v1/metadata?metric=my_counter_total");
        assertThat(md.at("/data/my_counter_total/0/type").asText()).isEqualTo("counter");
        assertThat(md.at("/data/my_counter_total/0/help").asText()).isEqualTo("I am a Counter");
        assertThat(api("/api/v1/metadata").at("/data/my_histogram/0/type").asText()).isEqualTo("histogram");
    }

    @Test
    void buildInfoAndErrorsUsePrometheusEnvelope() throws Exception {
        assertThat(api("/api/v1/status/buildinfo").at("/data/version").asText()).isNotEmpty();
        TestHttp.Response r = TestHttp.get(server.query("/api/v1/series"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        assertThat(r.json().get("errorType").asText()).isEqualTo("bad_data");
        assertThat(r.json().get("error").asText()).isEqualTo("no match[] parameter provided");
        r = TestHttp.get(server.query("/api/v1/series?match[]=" + enc("{job=~\".*\"}")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("at least one non-empty matcher");
        r = TestHttp.get(server.query("/api/v1/series?match[]=" + enc("up{job=") ));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("parse error");
        r = TestHttp.get(server.query("/api/v1/labels?start=yesterday"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("\"start\"", "yesterday");
        r = TestHttp.get(server.query("/api/v1/label/__name__/values?limit=1"));
        assertThat(r.json().get("data")).hasSize(1);
        assertThat(r.json().get("warnings").get(0).asText()).isEqualTo("results truncated due to limit");
        r = TestHttp.post(server.query("/api/v1/series"), ("match[]=" + enc("target_info")).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("success");
    }

    private static JsonNode api(String path) throws Exception {
        TestHttp.Response r = TestHttp.get(server.query(path));
        assertThat(r.status()).as("%s: %s", path, r.text()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.get("status").asText()).isEqualTo("success");
        return json;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
