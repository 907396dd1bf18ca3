package dev.sightline.benchmarks;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Node-exporter-like metrics: per instance, counters (cumulative), gauges and one histogram, values that move
 * smoothly with time, so consecutive scrapes of a series compress like real ones.
 */
public final class MetricData {
    private static final List<Double> BOUNDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0);

    private MetricData() {
    }

    /**
     * One scrape of {@code instances} instances at {@code timeNanos}; each instance has {@code seriesPerInstance}
     * counter and gauge series plus one histogram (12 series). Returns the request and its sample count.
     */
    public static ExportMetricsServiceRequest scrape(int firstInstance, int instances, int seriesPerInstance,
            long timeNanos, long scrapeIndex) {
        return scrape(i -> firstInstance + i, instances, seriesPerInstance, timeNanos, scrapeIndex);
    }

    /**
     * As {@link #scrape(int, int, int, long, long)}, of instance number {@code instanceAt(i)} for the i-th of
     * {@code instances} (one resource each, {@code service.instance.id} "host-N:9100"): any set of instances,
     * named from their numbers as the request is built.
     */
    public static ExportMetricsServiceRequest scrape(IntUnaryOperator instanceAt, int instances,
            int seriesPerInstance, long timeNanos, long scrapeIndex) {
        ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
        for (int i = 0; i < instances; i++) {
            int inst = instanceAt.applyAsInt(i);
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
            Sum.Builder cpu = Sum.newBuilder().setIsMonotonic(true)
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            Gauge.Builder mem = Gauge.newBuilder();
            for (int s = 0; s < seriesPerInstance; s++) {
                KeyValue label = kv("cpu", Integer.toString(s));
                if (s % 2 == 0) {
                    cpu.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos)
                            .setStartTimeUnixNano(timeNanos - scrapeIndex * 15_000_000_000L - 1)
                            .setAsDouble(scrapeIndex * 15.0 * (0.2 + 0.01 * s) + inst).addAttributes(label));
                } else {
                    mem.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos)
                            .setAsDouble(1_000_000_000.0 + (inst * 7919 + scrapeIndex * 4096) % 65536)
                            .addAttributes(label));
                }
            }
            scope.addMetrics(Metric.newBuilder().setName("node_cpu_seconds").setUnit("s").setSum(cpu));
            scope.addMetrics(Metric.newBuilder().setName("node_memory_active").setUnit("By").setGauge(mem));
            HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().setTimeUnixNano(timeNanos)
                    .setStartTimeUnixNano(timeNanos - scrapeIndex * 15_000_000_000L - 1)
                    .addAllExplicitBounds(BOUNDS);
            long total = 0;
            for (int b = 0; b <= BOUNDS.size(); b++) {
                long c = scrapeIndex * (b + 1);
                h.addBucketCounts(c);
                total += c;
            }
            h.setCount(total).setSum(total * 0.1);
            scope.addMetrics(Metric.newBuilder().setName("http_server_request_duration").setUnit("s")
                    .setHistogram(Histogram.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(h)));
            req.addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", "node"))
                            .addAttributes(kv("service.instance.id", "host-" + inst + ":9100")))
                    .addScopeMetrics(scope));
        }
        return req.build();
    }

    /** Samples (in Prometheus terms) in one scrape: counters and gauges, plus buckets+1, sum and count. */
    public static int samplesPerInstance(int seriesPerInstance) {
        return seriesPerInstance + BOUNDS.size() + 1 + 2;
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }
}
