package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricMetadata;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The samples of one OTLP metric's data points:
 * <ul>
 * <li>gauge → one series; sum → one series, {@code _total} when monotonic, deltas accumulated;
 * <li>histogram → {@code _bucket{le}} (cumulative), {@code _sum}, {@code _count};
 * <li>exponential histogram → the same classic shape with every bucket's exact bound as {@code le}
 *     (negative buckets, the zero bucket at {@code le=zero_threshold}, then positive buckets), so no bucket
 *     count is lost and {@code histogram_quantile} works on it;
 * <li>summary → one series per {@code quantile}, {@code _sum}, {@code _count}.
 * </ul>
 * A point with the no-recorded-value flag becomes staleness markers on all its series.
 */
final class PointTranslator {
    private final Metric metric;
    private final Map<String, String> base;
    private final boolean verbatim;
    private final SampleSink sink;
    private final OtlpMetricsTranslator.Reasons reasons;
    private long maxT = Long.MIN_VALUE;

    PointTranslator(Metric metric, Map<String, String> base, boolean verbatim, SampleSink sink,
            OtlpMetricsTranslator.Reasons reasons) {
        this.metric = metric;
        this.base = base;
        this.verbatim = verbatim;
        this.sink = sink;
        this.reasons = reasons;
    }

    /** Translates every point; returns the newest timestamp seen (ms), or Long.MIN_VALUE. */
    long translate() throws IOException {
        String unit = metric.getUnit();
        switch (metric.getDataCase()) {
            case GAUGE -> {
                String name = verbatim ? metric.getName() : PrometheusNames.metricName(metric.getName(), unit, false, true);
                metadata(name, verbatim ? verbatimType() : "gauge");
                for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                    number(name, p, false);
                }
            }
            case SUM -> {
                boolean counter = metric.getSum().getIsMonotonic();
                String name = PrometheusNames.metricName(metric.getName(), unit, counter, !counter);
                metadata(name, counter ? "counter" : "gauge");
                boolean delta = OtlpMetricsTranslator.isDelta(metric.getSum().getAggregationTemporality());
                for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                    number(name, p, delta);
                }
            }
            case HISTOGRAM -> {
                String name = PrometheusNames.metricName(metric.getName(), unit, false, false);
                metadata(name, "histogram");
                boolean delta = OtlpMetricsTranslator.isDelta(metric.getHistogram().getAggregationTemporality());
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    List<double[]> buckets = new ArrayList<>();
                    long cum = 0;
                    for (int i = 0; i < p.getBucketCountsCount(); i++) {
                        cum += p.getBucketCounts(i);
                        double le = i < p.getExplicitBoundsCount() ? p.getExplicitBounds(i) : Double.POSITIVE_INFINITY;
                        buckets.add(new double[] {le, cum});
                    }
                    histogram(name, p.getAttributesList(), p.getTimeUnixNano(), p.getFlags(), delta, buckets,
                            p.hasSum() ? p.getSum() : Double.NaN, p.getCount(), p.getExemplarsList(), false);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                String name = PrometheusNames.metricName(metric.getName(), unit, false, false);
                metadata(name, "histogram");
                boolean delta = OtlpMetricsTranslator.isDelta(
                        metric.getExponentialHistogram().getAggregationTemporality());
                for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
                    List<double[]> buckets = exponentialBuckets(p);
                    if (delta && !noValue(p.getFlags())) {
                        buckets = DeltaBuckets.accumulate(sink, OtlpMetricsTranslator.labels(base,
                                p.getAttributesList(), false, Labels.METRIC_NAME, name + "_bucket"),
                                millis(p.getTimeUnixNano()), buckets, p.getCount());
                        if (buckets == null) {
                            reasons.reject("metric " + name, "delta exponential histogram point at "
                                    + millis(p.getTimeUnixNano()) + " ms is not after the series' last sample");
                            continue;
                        }
                        if (buckets.isEmpty()) {
                            continue; // already applied (a retry or a replay)
                        }
                    }
                    histogram(name, p.getAttributesList(), p.getTimeUnixNano(), p.getFlags(), delta,
                            buckets, p.hasSum() ? p.getSum() : Double.NaN, p.getCount(), p.getExemplarsList(),
                            delta);
                }
            }
            case SUMMARY -> {
                String name = PrometheusNames.metricName(metric.getName(), unit, false, false);
                metadata(name, "summary");
                for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
                    summary(name, p);
                }
            }
            default -> reasons.reject("metric \"" + metric.getName() + "\"", "has no data points of a known type");
        }
        return maxT;
    }

    private String verbatimType() {
        for (KeyValue kv : metric.getMetadataList()) {
            if (kv.getKey().equals(OtlpMetricsTranslator.PROMETHEUS_TYPE_KEY)) {
                return kv.getValue().getStringValue();
            }
        }
        return "unknown";
    }

    private void metadata(String family, String type) throws IOException {
        if (verbatim && metric.getDescription().isEmpty() && metric.getUnit().isEmpty() && type.equals("unknown")) {
            return; // remote-write without metadata: nothing to record
        }
        sink.metadata(family, new MetricMetadata(type, verbatim ? metric.getUnit()
                : PrometheusNames.unitWord(metric.getUnit()), metric.getDescription()));
    }

    private static boolean noValue(int flags) {
        return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
    }

    private void number(String name, NumberDataPoint p, boolean delta) throws IOException {
        double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
        boolean stale = noValue(p.getFlags());
        long t = millis(p.getTimeUnixNano());
        Labels labels = OtlpMetricsTranslator.labels(base, p.getAttributesList(), verbatim, Labels.METRIC_NAME, name);
        String why = sink.append(labels, t, OtlpMetricsTranslator.staleOr(stale, v), delta && !stale);
        if (accepted(why, name)) {
            exemplars(labels, p.getExemplarsList());
        }
    }

    private void histogram(String name, List<KeyValue> attrs, long timeNanos, int flags, boolean delta,
            List<double[]> buckets, double sum, long count,
            List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars, boolean bucketsAbsolute) throws IOException {
        boolean stale = noValue(flags);
        boolean accumulate = delta && !stale;
        boolean accumulateBuckets = accumulate && !bucketsAbsolute;
        long t = millis(timeNanos);
        String why = null;
        List<Labels> bucketLabels = new ArrayList<>();
        for (double[] b : buckets) {
            Labels l = OtlpMetricsTranslator.labels(base, attrs, false, Labels.METRIC_NAME, name + "_bucket",
                    "le", PrometheusNames.formatFloat(b[0]));
            bucketLabels.add(l);
            why = first(why, sink.append(l, t, OtlpMetricsTranslator.staleOr(stale, b[1]), accumulateBuckets));
        }
        if (buckets.isEmpty() || buckets.getLast()[0] != Double.POSITIVE_INFINITY) {
            Labels l = OtlpMetricsTranslator.labels(base, attrs, false, Labels.METRIC_NAME, name + "_bucket",
                    "le", "+Inf");
            bucketLabels.add(l);
            buckets = new ArrayList<>(buckets);
            buckets.add(new double[] {Double.POSITIVE_INFINITY, count});
            why = first(why, sink.append(l, t, OtlpMetricsTranslator.staleOr(stale, count), accumulateBuckets));
        }
        if (!Double.isNaN(sum)) {
            Labels l = OtlpMetricsTranslator.labels(base, attrs, false, Labels.METRIC_NAME, name + "_sum");
            why = first(why, sink.append(l, t, OtlpMetricsTranslator.staleOr(stale, sum), accumulate));
        }
        Labels countLabels = OtlpMetricsTranslator.labels(base, attrs, false, Labels.METRIC_NAME, name + "_count");
        why = first(why, sink.append(countLabels, t, OtlpMetricsTranslator.staleOr(stale, count), accumulate));
        if (accepted(why, name)) {
            for (io.opentelemetry.proto.metrics.v1.Exemplar e : exemplars) {
                double v = exemplarValue(e);
                int i = 0;
                while (i < buckets.size() - 1 && buckets.get(i)[0] < v) {
                    i++;
                }
                exemplars(bucketLabels.get(i), List.of(e));
            }
        }
    }

    /** Cumulative (upper bound, count) pairs of an exponential histogram, lowest bucket first. */
    static List<double[]> exponentialBuckets(ExponentialHistogramDataPoint p) {
        int scale = p.getScale();
        List<double[]> out = new ArrayList<>();
        long cum = 0;
        ExponentialHistogramDataPoint.Buckets neg = p.getNegative();
        for (int i = neg.getBucketCountsCount() - 1; i >= 0; i--) {
            cum += neg.getBucketCounts(i);
            out.add(new double[] {-bound(neg.getOffset() + i, scale), cum});
        }
        cum += p.getZeroCount();
        out.add(new double[] {p.getZeroThreshold(), cum});
        ExponentialHistogramDataPoint.Buckets pos = p.getPositive();
        for (int i = 0; i < pos.getBucketCountsCount(); i++) {
            cum += pos.getBucketCounts(i);
            out.add(new double[] {bound(pos.getOffset() + i + 1, scale), cum});
        }
        return out;
    }

    /** base^index with base = 2^(2^-scale), computed as 2^(index / 2^scale) so powers of two come out exact. */
    static double bound(long index, int scale) {
        return scale >= 0 ? Math.pow(2, (double) index / (1L << scale)) : Math.pow(2, (double) index * (1L << -scale));
    }

    private void summary(String name, SummaryDataPoint p) throws IOException {
        boolean stale = noValue(p.getFlags());
        long t = millis(p.getTimeUnixNano());
        String why = null;
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            Labels l = OtlpMetricsTranslator.labels(base, p.getAttributesList(), false, Labels.METRIC_NAME, name,
                    "quantile", PrometheusNames.formatFloat(q.getQuantile()));
            why = first(why, sink.append(l, t, OtlpMetricsTranslator.staleOr(stale, q.getValue()), false));
        }
        Labels sum = OtlpMetricsTranslator.labels(base, p.getAttributesList(), false, Labels.METRIC_NAME, name + "_sum");
        why = first(why, sink.append(sum, t, OtlpMetricsTranslator.staleOr(stale, p.getSum()), false));
        Labels count = OtlpMetricsTranslator.labels(base, p.getAttributesList(), false, Labels.METRIC_NAME,
                name + "_count");
        why = first(why, sink.append(count, t, OtlpMetricsTranslator.staleOr(stale, p.getCount()), false));
        accepted(why, name);
    }

    private static String first(String a, String b) {
        if (a != null && !a.equals(SampleSink.DUPLICATE)) {
            return a;
        }
        return b == null ? a : b;
    }

    /** Counts a rejection; true when the point's samples went in (or were duplicates). */
    private boolean accepted(String why, String name) {
        if (why != null && !why.equals(SampleSink.DUPLICATE)) {
            reasons.reject("metric " + name, why);
            return false;
        }
        return true;
    }

    private long millis(long nanos) {
        long t = Math.floorDiv(nanos, 1_000_000L);
        maxT = Math.max(maxT, t);
        return t;
    }

    private static double exemplarValue(io.opentelemetry.proto.metrics.v1.Exemplar e) {
        return e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT ? e.getAsInt()
                : e.getAsDouble();
    }

    private void exemplars(Labels series, List<io.opentelemetry.proto.metrics.v1.Exemplar> list) throws IOException {
        for (io.opentelemetry.proto.metrics.v1.Exemplar e : list) {
            Labels labels = OtlpMetricsTranslator.labels(Map.of(), e.getFilteredAttributesList(), verbatim);
            sink.exemplar(series, new Exemplar(millis(e.getTimeUnixNano()), exemplarValue(e), labels,
                    OtlpMetricsTranslator.hex(e.getTraceId()), OtlpMetricsTranslator.hex(e.getSpanId())));
        }
    }
}
