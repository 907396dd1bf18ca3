package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.metrics.SeriesSamples;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad metric input: each invalid data point is rejected through {@code partial_success} with its reason and
 * the rest stored; NaN and infinities stored as sent; malformed bodies get 400 / INVALID_ARGUMENT.
 */
class MetricsBadInputIT {
    @TempDir
    static Path data;
    static InProcessServer server;
    static final long NOW = System.currentTimeMillis() * 1_000_000L;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static NumberDataPoint point(double v, long t, String... attrs) {
        NumberDataPoint.Builder b = NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(v);
        for (int i = 0; i < attrs.length; i += 2) {
            b.addAttributes(KeyValue.newBuilder().setKey(attrs[i]).setValue(AnyValue.newBuilder().setStringValue(attrs[i + 1])));
        }
        return b.build();
    }

    private static Metric gauge(String name, NumberDataPoint... points) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint p : points) {
            g.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setGauge(g).build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        ScopeMetrics.Builder s = ScopeMetrics.newBuilder();
        for (Metric m : metrics) {
            s.addMetrics(m);
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("bad-input"))))
                .addScopeMetrics(s)).build();
    }

    private static ExportMetricsServiceResponse post(ExportMetricsServiceRequest req) throws Exception {
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/metrics"), req.toByteArray(), "Content-Type",
                "application/x-protobuf");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return ExportMetricsServiceResponse.parseFrom(r.body());
    }

    @Test
    void eachInvalidPointIsRejectedWithItsReasonTheRestStored() throws Exception {
        Metric histogramBadBuckets = Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW).setCount(3)
                        .addBucketCounts(1).addBucketCounts(2).addExplicitBounds(1).addExplicitBounds(2))).build();
        Metric histogramNegative = Metric.newBuilder().setName("latency2").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW).setCount(-5))).build();
        Metric negativeCounter = Metric.newBuilder().setName("requests").setSum(Sum.newBuilder().setIsMonotonic(true)
                .addDataPoints(point(-1, NOW))).build();
        Metric badQuantile = Metric.newBuilder().setName("rpc").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(NOW).setCount(1)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(1.5)))).build();
        Metric badScale = Metric.newBuilder().setName("sizes").setExponentialHistogram(
                io.opentelemetry.proto.metrics.v1.ExponentialHistogram.newBuilder().addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(NOW).setScale(30))).build();
        ExportMetricsServiceRequest req = request(
                gauge("9 bad name!", point(1, NOW)),
                gauge("no_time", point(1, 0)),
                gauge("empty_key", point(1, NOW, "", "x")),
                histogramBadBuckets, histogramNegative, negativeCounter, badQuantile, badScale,
                Metric.newBuilder().setName("no_data").build(),
                gauge("temperature", point(Double.NaN, NOW, "k", "nan"), point(Double.POSITIVE_INFINITY, NOW, "k", "inf"),
                        point(21.5, NOW, "k", "ok")));
        ExportMetricsServiceResponse resp = post(req);
        assertThat(resp.getPartialSuccess().getRejectedDataPoints()).isEqualTo(9);
        assertThat(resp.getPartialSuccess().getErrorMessage()).contains("rejected 9 of 12 data points",
                "invalid metric name \"9 bad name!\"", "timestamp (time_unix_nano) is missing",
                "invalid label name \"\"");
        // each reason on its own
        assertThat(post(request(histogramBadBuckets)).getPartialSuccess().getErrorMessage())
                .contains("histogram has 2 bucket counts for 2 bounds");
        assertThat(post(request(histogramNegative)).getPartialSuccess().getErrorMessage())
                .contains("negative count 18446744073709551611");
        assertThat(post(request(negativeCounter)).getPartialSuccess().getErrorMessage())
                .contains("monotonic sum has negative value -1.0");
        assertThat(post(request(badQuantile)).getPartialSuccess().getErrorMessage())
                .contains("summary quantile must be in [0, 1], got 1.5");
        assertThat(post(request(badScale)).getPartialSuccess().getErrorMessage())
                .contains("scale must be in -10..20, got 30");

        assertThat(MetricsReads.only(server, "__name__", "temperature", "k", "nan").values()[0]).isNaN();
        assertThat(MetricsReads.only(server, "__name__", "temperature", "k", "inf").values())
                .containsExactly(Double.POSITIVE_INFINITY);
        assertThat(MetricsReads.only(server, "__name__", "temperature", "k", "ok").values()).containsExactly(21.5);
        assertThat(MetricsReads.read(server, "__name__", "requests_total")).isEmpty();
    }

    @Test
    void tooOldIsRejectedByTheStoreDuplicatesDropped() throws Exception {
        long t = NOW;
        assertThat(post(request(gauge("queue", point(5, t)))).hasPartialSuccess()).isFalse();
        assertThat(post(request(gauge("queue", point(5, t)))).hasPartialSuccess()).as("exact duplicate").isFalse();
        ExportMetricsServiceResponse r = post(request(gauge("queue", point(4, t - 11 * 60_000_000_000L),
                point(3, t - 60_000_000_000L))));
        assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(r.getPartialSuccess().getErrorMessage()).contains("older than the out-of-order window");
        ExportMetricsServiceResponse conflict = post(request(gauge("queue", point(6, t))));
        assertThat(conflict.getPartialSuccess().getErrorMessage()).contains("different value");
        SeriesSamples s = MetricsReads.only(server, "__name__", "queue");
        assertThat(s.values()).containsExactly(3, 5);
    }

    @Test
    void malformedBodies() throws Exception {
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/metrics"), new byte[] {0x0a, 0x7f, 0x01},
                "Content-Type", "application/x-protobuf");
        assertThat(r.status()).isEqualTo(400);
        r = TestHttp.post(server.otlpHttp("/v1/metrics"), "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("not valid JSON");
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort()).usePlaintext()
                .build();
        try {
            MethodDescriptor<byte[], ExportMetricsServiceResponse> export = MethodDescriptor
                    .<byte[], ExportMetricsServiceResponse>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("opentelemetry.proto.collector.metrics.v1.MetricsService/Export")
                    .setRequestMarshaller(new RawBytes())
                    .setResponseMarshaller(ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
                    .build();
            try {
                ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT, new byte[] {0x0a, 0x7f, 0x01});
                throw new AssertionError("expected INVALID_ARGUMENT");
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("malformed ExportMetricsServiceRequest");
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
