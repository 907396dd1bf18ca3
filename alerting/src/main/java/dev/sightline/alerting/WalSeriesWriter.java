package dev.sightline.alerting;

import dev.sightline.storage.metrics.OtlpMetricsTranslator;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes rule results through the write path as remote-write does: OTLP gauges in the scope
 * {@link OtlpMetricsTranslator#REMOTE_WRITE_SCOPE}, so the labels are stored verbatim, logged in the WAL (durable,
 * replayed like any export, re-applying a sample is a no-op) and applied to the metric store before the write
 * returns. A staleness marker is a point with the no-recorded-value flag. Thread-safe.
 */
public final class WalSeriesWriter implements SeriesWriter {
    private static final long TIMEOUT_SECONDS = 30;

    private final RecordSink sink;

    public WalSeriesWriter(RecordSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(List<Output> samples, long timestampMs) throws IOException {
        if (samples.isEmpty()) {
            return;
        }
        ExportMetricsServiceRequest export = export(samples, timestampMs);
        try {
            sink.submit(Signal.METRICS, export.toByteArray(), export).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (OverloadedException | ShuttingDownException e) {
            throw new IOException("rule results not written: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing rule results");
        } catch (ExecutionException e) {
            throw new IOException("rule results not written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("rule results not acknowledged by the write path within " + TIMEOUT_SECONDS + " s");
        }
    }

    static ExportMetricsServiceRequest export(List<Output> samples, long timestampMs) {
        Map<String, Gauge.Builder> byName = new LinkedHashMap<>();
        for (Output o : samples) {
            Labels l = o.labels();
            NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(timestampMs * 1_000_000L);
            String name = "";
            for (int i = 0; i < l.size(); i++) {
                if (l.name(i).equals(Labels.METRIC_NAME)) {
                    name = l.value(i);
                } else if (!l.value(i).isEmpty()) {
                    p.addAttributes(KeyValue.newBuilder().setKey(l.name(i))
                            .setValue(AnyValue.newBuilder().setStringValue(l.value(i))));
                }
            }
            if (o.stale()) {
                p.setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE);
            } else {
                p.setAsDouble(o.value());
            }
            byName.computeIfAbsent(name, n -> Gauge.newBuilder()).addDataPoints(p);
        }
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(OtlpMetricsTranslator.REMOTE_WRITE_SCOPE));
        byName.forEach((name, g) -> scope.addMetrics(Metric.newBuilder().setName(name).setGauge(g)
                .addMetadata(KeyValue.newBuilder().setKey(OtlpMetricsTranslator.PROMETHEUS_TYPE_KEY)
                        .setValue(AnyValue.newBuilder().setStringValue("gauge")))));
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(scope)).build();
    }
}
