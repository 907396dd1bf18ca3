package dev.sightline.storage.spanmetrics;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series as an OTLP export shaped exactly as the OpenTelemetry Collector's span-metrics connector sends it
 * with its default settings: scope {@code spanmetricsconnector}, a monotonic cumulative sum
 * {@code traces.span.metrics.calls} and an explicit-bucket histogram {@code traces.span.metrics.duration} in
 * {@code ms}, attributes {@code service.name}, {@code span.name}, {@code span.kind}, {@code status.code}, one
 * {@code ResourceMetrics} per span resource. The metric store's usual OpenTelemetry → Prometheus naming then
 * yields {@code traces_span_metrics_calls_total} and {@code traces_span_metrics_duration_milliseconds_*}. The
 * same shape, without exemplars, is the persisted state ({@link SpanMetricsStateFile}). Stateless.
 */
final class SpanMetricsExport {
    static final String SCOPE = "spanmetricsconnector";
    static final String CALLS = "traces.span.metrics.calls";
    static final String DURATION = "traces.span.metrics.duration";
    static final String OVERFLOW_KEY = "otel.metric.overflow";

    private SpanMetricsExport() {
    }

    /**
     * @param timeNanos the points' time
     * @param withExemplars whether to attach each series' pending exemplars
     * @param zeroFirst whether series not yet written get a zero point at their start time first (so the first
     *     spans of a new series show as an increase, as Prometheus' created-timestamp zero injection does)
     */
    static ExportMetricsServiceRequest build(Map<SeriesKey, SeriesState> series, long timeNanos,
            boolean withExemplars, boolean zeroFirst) {
        Map<Resource, Metric.Builder[]> byResource = new LinkedHashMap<>();
        for (Map.Entry<SeriesKey, SeriesState> e : series.entrySet()) {
            SeriesKey k = e.getKey();
            SeriesState s = e.getValue();
            Metric.Builder[] m = byResource.computeIfAbsent(k.resource(), r -> new Metric.Builder[] {
                Metric.newBuilder().setName(CALLS).setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)),
                Metric.newBuilder().setName(DURATION).setUnit("ms").setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE))});
            List<KeyValue> attrs = attributes(k);
            if (zeroFirst && !s.written && s.startNanos / 1_000_000 < timeNanos / 1_000_000) {
                m[0].getSumBuilder().addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attrs)
                        .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(s.startNanos).setAsInt(0));
                HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().addAllAttributes(attrs)
                        .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(s.startNanos).setCount(0).setSum(0);
                for (int i = 0; i < s.buckets.length; i++) {
                    h.addBucketCounts(0);
                }
                bounds(h);
                m[1].getHistogramBuilder().addDataPoints(h);
            }
            NumberDataPoint.Builder calls = NumberDataPoint.newBuilder().addAllAttributes(attrs)
                    .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(timeNanos).setAsInt(s.count);
            HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().addAllAttributes(attrs)
                    .setStartTimeUnixNano(s.startNanos).setTimeUnixNano(timeNanos).setCount(s.count).setSum(s.sumMs);
            for (long b : s.buckets) {
                h.addBucketCounts(b);
            }
            bounds(h);
            if (withExemplars) {
                for (SeriesState.SpanExemplar x : s.exemplars) {
                    Exemplar ex = Exemplar.newBuilder().setTimeUnixNano(x.timeNanos()).setAsDouble(x.durationMs())
                            .setTraceId(ByteString.copyFrom(x.traceId())).setSpanId(ByteString.copyFrom(x.spanId()))
                            .build();
                    calls.addExemplars(ex);
                    h.addExemplars(ex);
                }
            }
            m[0].getSumBuilder().addDataPoints(calls);
            m[1].getHistogramBuilder().addDataPoints(h);
        }
        ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
        byResource.forEach((r, m) -> out.addResourceMetrics(ResourceMetrics.newBuilder().setResource(r)
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName(SCOPE))
                        .addMetrics(m[0]).addMetrics(m[1]))));
        return out.build();
    }

    private static void bounds(HistogramDataPoint.Builder h) {
        for (double b : SeriesState.BOUNDS_MS) {
            h.addExplicitBounds(b);
        }
    }

    static List<KeyValue> attributes(SeriesKey k) {
        if (k.overflow()) {
            return List.of(KeyValue.newBuilder().setKey(OVERFLOW_KEY)
                    .setValue(AnyValue.newBuilder().setBoolValue(true)).build());
        }
        return List.of(string("service.name", k.service()), string("span.name", k.spanName()),
                string("span.kind", k.kind()), string("status.code", k.status()));
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** The series in a state export (its duration histograms carry every value), keyed as they were. */
    static Map<SeriesKey, SeriesState> restore(ExportMetricsServiceRequest state) {
        Map<SeriesKey, SeriesState> out = new LinkedHashMap<>();
        for (ResourceMetrics rm : state.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (!m.getName().equals(DURATION)) {
                        continue;
                    }
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        if (p.getBucketCountsCount() != SeriesState.BOUNDS_MS.length + 1) {
                            throw new IllegalArgumentException("span metrics state: a histogram point has "
                                    + p.getBucketCountsCount() + " buckets, expected "
                                    + (SeriesState.BOUNDS_MS.length + 1));
                        }
                        SeriesState s = new SeriesState(p.getStartTimeUnixNano());
                        s.count = p.getCount();
                        s.sumMs = p.getSum();
                        for (int i = 0; i < s.buckets.length; i++) {
                            s.buckets[i] = p.getBucketCounts(i);
                        }
                        s.written = true;
                        out.put(key(rm.getResource(), p.getAttributesList()), s);
                    }
                }
            }
        }
        return out;
    }

    private static SeriesKey key(Resource resource, List<KeyValue> attrs) {
        Map<String, String> a = new LinkedHashMap<>();
        boolean overflow = false;
        for (KeyValue kv : attrs) {
            if (kv.getKey().equals(OVERFLOW_KEY)) {
                overflow = true;
            }
            a.put(kv.getKey(), kv.getValue().getStringValue());
        }
        if (overflow) {
            return SeriesKey.OVERFLOW;
        }
        return new SeriesKey(resource, a.getOrDefault("service.name", ""), a.getOrDefault("span.name", ""),
                a.getOrDefault("span.kind", ""), a.getOrDefault("status.code", ""), false);
    }
}
