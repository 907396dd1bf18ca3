package dev.sightline.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.testing.InMemoryRecordLog;
import dev.sightline.storage.write.Receipt;
import dev.sightline.storage.write.RecordType;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.Rejections;
import dev.sightline.storage.write.WritePath;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics answer: validation rejections, then the store's, which arrive in the submit's receipt. */
class MetricReceiverTest {
    private static final long T = 1_700_000_000_000L; // ms
    private static final long WINDOW = 600_000;

    @TempDir
    Path dir;

    private static NumberDataPoint point(double v, long ms) {
        return NumberDataPoint.newBuilder().setAsDouble(v).setTimeUnixNano(ms * 1_000_000L).build();
    }

    private static ExportMetricsServiceRequest gauge(NumberDataPoint... points) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("queue")
                        .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))))))
                .build();
    }

    /** A sink that answers every submit at once with {@code rejections}, remembering what it was given. */
    private static final class AnsweringSink implements RecordSink {
        final List<Object> submitted = new ArrayList<>();
        private final Rejections rejections;

        AnsweringSink(Rejections rejections) {
            this.rejections = rejections;
        }

        @Override
        public CompletableFuture<Receipt> submit(RecordType type, byte[] payload, Object batch) {
            assertThat(type).isEqualTo(RecordType.METRICS);
            submitted.add(batch);
            return CompletableFuture.completedFuture(new Receipt(42, rejections));
        }
    }

    private static ExportMetricsServiceResponse export(MetricReceiver r, ExportMetricsServiceRequest req)
            throws Exception {
        return r.export(req, null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theStoreRejectionsInTheReceiptFollowTheValidationRejections() throws Exception {
        AnsweringSink sink = new AnsweringSink(new Rejections(2, "rejected 2 data points: the store said no"));
        ExportMetricsServiceResponse r = export(new MetricReceiver(sink), gauge(point(1, T), point(2, 0), point(3, T + 1)));

        assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(3);
        assertThat(r.getPartialSuccess().getErrorMessage()).isEqualTo("rejected 1 of 3 data points: metric \"queue\": "
                + "data point timestamp (time_unix_nano) is missing; rejected 2 data points: the store said no");
        assertThat(sink.submitted).containsExactly(gauge(point(1, T), point(3, T + 1)));
    }

    @Test
    void onlyTheStoreRejectedOrNothingWasRejected() throws Exception {
        ExportMetricsServiceResponse storeOnly = export(new MetricReceiver(new AnsweringSink(
                new Rejections(1, "rejected 1 data points: too old"))), gauge(point(1, T)));
        assertThat(storeOnly.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(storeOnly.getPartialSuccess().getErrorMessage()).isEqualTo("rejected 1 data points: too old");

        ExportMetricsServiceResponse none = export(new MetricReceiver(new AnsweringSink(Rejections.NONE)),
                gauge(point(1, T)));
        assertThat(none).isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());
    }

    @Test
    void theMetricStoreAnswersThroughAWritePathOnAnInMemoryLog() throws Exception {
        try (InMemoryRecordLog log = new InMemoryRecordLog();
                MetricStore store = MetricStore.open(dir, new MetricsOptions(Duration.ofDays(15),
                        Duration.ofMillis(WINDOW), "auto"));
                WritePath wp = new WritePath(log, List.of(store), List.of(), 1 << 20, Duration.ofHours(1))) {
            wp.recover();
            wp.start();
            MetricReceiver receiver = new MetricReceiver(wp);
            assertThat(export(receiver, gauge(point(5, T)))).isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());

            long old = T - WINDOW - 1;
            ExportMetricsServiceResponse r = export(receiver, gauge(point(4, old), point(6, T + 1)));
            assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
            assertThat(r.getPartialSuccess().getErrorMessage()).isEqualTo("rejected 1 data points: metric queue: sample at "
                    + old + " ms is older than the out-of-order window (" + WINDOW
                    + " ms before the series' newest sample at " + T + " ms)");
            assertThat(log.size()).as("both exports are logged, the rejected point with them").isEqualTo(2);
        }
    }
}
