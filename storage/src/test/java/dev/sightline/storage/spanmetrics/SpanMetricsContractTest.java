package dev.sightline.storage.spanmetrics;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.testing.TestSpans;
import dev.sightline.storage.write.Applier;
import dev.sightline.storage.write.ApplierContract;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The applier contract for span metrics: the cumulative call counts and duration histograms, as a commit saves
 * them. Span metrics keep no days (they are counters), so the retention tests are skipped.
 */
class SpanMetricsContractTest extends ApplierContract<SpanMetricsContractTest.Subject> {
    /** Span metrics with the metric store they flush into, closed together. */
    record Subject(SpanMetrics spanMetrics, MetricStore store) implements Applier, AutoCloseable {
        @Override
        public boolean accepts(Signal signal) {
            return spanMetrics.accepts(signal);
        }

        @Override
        public void apply(long lsn, Signal signal, Object batch) {
            spanMetrics.apply(lsn, signal, batch);
        }

        @Override
        public void commit(long throughLsn) throws IOException {
            spanMetrics.commit(throughLsn);
        }

        @Override
        public void close() {
            spanMetrics.close();
            store.close();
        }
    }

    @Override
    protected Subject open(Path dir) throws IOException {
        MetricStore store = MetricStore.open(dir.resolve("metrics"), MetricsOptions.defaults());
        return new Subject(SpanMetrics.open(dir.resolve("state"), SpanMetricsOptions.defaults(), store,
                () -> FIRST_DAY / 1_000_000), store);
    }

    @Override
    protected Signal signal() {
        return Signal.TRACES;
    }

    /** Spans of a service and span name of their own, with random durations and statuses. */
    @Override
    protected Message record(int n, long timeNanos, Random random) {
        int spans = 1 + random.nextInt(4);
        Span[] out = new Span[spans];
        for (int i = 0; i < spans; i++) {
            out[i] = TestSpans.span(n, n * 10L + i, "op-" + n, timeNanos).toBuilder()
                    .setEndTimeUnixNano(timeNanos + 1_000_000L * random.nextInt(5_000)).build();
        }
        return TestSpans.request("svc-" + (n % 3), out);
    }

    @Override
    protected List<String> contents(Subject subject) {
        List<String> out = new ArrayList<>();
        for (ResourceMetrics rm : subject.spanMetrics().snapshot().getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                        out.add(m.getName() + " " + TextFormat.shortDebugString(p));
                    }
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        out.add(m.getName() + " " + TextFormat.shortDebugString(p));
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }
}
