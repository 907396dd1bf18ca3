package dev.sightline.ingest.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks each data point of a metrics export and keeps the valid ones. Rejected: a metric whose name is not an
 * OpenTelemetry instrument name ({@code [A-Za-z_:][A-Za-z0-9_.:/-]*}, at most 255 characters) or that has no
 * data; a point with an empty attribute key, a missing timestamp, a histogram whose bucket counts do not match
 * its bounds (size, increasing bounds, counts summing to {@code count}), a negative count (a uint64 past
 * 2^63), a negative monotonic sum, or a summary quantile outside [0, 1].
 *
 * @param accepted the request with only the valid points (the same object when all are valid)
 */
public record MetricValidation(ExportMetricsServiceRequest accepted, int acceptedPoints, int rejectedPoints,
        String errorMessage) {
    private static final int MAX_REASONS = 3;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_.:/\\-]{0,254}");

    public static MetricValidation of(ExportMetricsServiceRequest request) {
        Set<String> reasons = new LinkedHashSet<>();
        int[] counts = new int[2]; // accepted, rejected
        boolean[] changed = {false};
        ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            ResourceMetrics.Builder rmOut = rm.toBuilder().clearScopeMetrics();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                ScopeMetrics.Builder smOut = sm.toBuilder().clearMetrics();
                for (Metric m : sm.getMetricsList()) {
                    Metric kept = filter(m, reasons, counts, changed);
                    if (kept != null) {
                        smOut.addMetrics(kept);
                    }
                }
                if (smOut.getMetricsCount() > 0) {
                    rmOut.addScopeMetrics(smOut);
                }
            }
            if (rmOut.getScopeMetricsCount() > 0) {
                out.addResourceMetrics(rmOut);
            }
        }
        if (!changed[0]) {
            return new MetricValidation(request, counts[0], 0, "");
        }
        String message = "rejected " + counts[1] + " of " + (counts[0] + counts[1]) + " data points: "
                + String.join("; ", reasons) + (counts[1] > reasons.size() ? "; …" : "");
        return new MetricValidation(out.build(), counts[0], counts[1], message);
    }

    private static Metric filter(Metric m, Set<String> reasons, int[] counts, boolean[] changed) {
        String metricProblem = NAME.matcher(m.getName()).matches() ? null
                : "invalid metric name \"" + abbreviate(m.getName()) + "\" (must match [A-Za-z_:][A-Za-z0-9_.:/-]*, "
                        + "at most 255 characters)";
        Metric.Builder b = m.toBuilder();
        int total;
        switch (m.getDataCase()) {
            case GAUGE -> {
                List<NumberDataPoint> keep = keep(m.getGauge().getDataPointsList(), p -> number(p, false),
                        metricProblem, m, reasons, counts);
                total = m.getGauge().getDataPointsCount();
                b.getGaugeBuilder().clearDataPoints().addAllDataPoints(keep);
            }
            case SUM -> {
                boolean monotonic = m.getSum().getIsMonotonic();
                List<NumberDataPoint> keep = keep(m.getSum().getDataPointsList(), p -> number(p, monotonic),
                        metricProblem, m, reasons, counts);
                total = m.getSum().getDataPointsCount();
                b.getSumBuilder().clearDataPoints().addAllDataPoints(keep);
            }
            case HISTOGRAM -> {
                List<HistogramDataPoint> keep = keep(m.getHistogram().getDataPointsList(), MetricValidation::histogram,
                        metricProblem, m, reasons, counts);
                total = m.getHistogram().getDataPointsCount();
                b.getHistogramBuilder().clearDataPoints().addAllDataPoints(keep);
            }
            case EXPONENTIAL_HISTOGRAM -> {
                List<ExponentialHistogramDataPoint> keep = keep(m.getExponentialHistogram().getDataPointsList(),
                        MetricValidation::exponential, metricProblem, m, reasons, counts);
                total = m.getExponentialHistogram().getDataPointsCount();
                b.getExponentialHistogramBuilder().clearDataPoints().addAllDataPoints(keep);
            }
            case SUMMARY -> {
                List<SummaryDataPoint> keep = keep(m.getSummary().getDataPointsList(), MetricValidation::summary,
                        metricProblem, m, reasons, counts);
                total = m.getSummary().getDataPointsCount();
                b.getSummaryBuilder().clearDataPoints().addAllDataPoints(keep);
            }
            default -> {
                counts[1]++;
                changed[0] = true;
                add(reasons, "metric \"" + abbreviate(m.getName()) + "\": has no data (gauge, sum, histogram, "
                        + "exponential histogram or summary)");
                return null;
            }
        }
        Metric kept = b.build();
        int keptCount = total - (total == 0 ? 0 : countRejected(kept, total));
        if (keptCount != total) {
            changed[0] = true;
        }
        return keptCount == 0 ? null : (keptCount == total ? m : kept);
    }

    private static int countRejected(Metric kept, int total) {
        int n = switch (kept.getDataCase()) {
            case GAUGE -> kept.getGauge().getDataPointsCount();
            case SUM -> kept.getSum().getDataPointsCount();
            case HISTOGRAM -> kept.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> kept.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> kept.getSummary().getDataPointsCount();
            default -> 0;
        };
        return total - n;
    }

    private static <P> List<P> keep(List<P> points, java.util.function.Function<P, String> check, String metricProblem,
            Metric m, Set<String> reasons, int[] counts) {
        List<P> out = new ArrayList<>(points.size());
        for (P p : points) {
            String problem = metricProblem != null ? metricProblem : check.apply(p);
            if (problem == null) {
                out.add(p);
                counts[0]++;
            } else {
                counts[1]++;
                add(reasons, "metric \"" + abbreviate(m.getName()) + "\": " + problem);
            }
        }
        return out;
    }

    private static void add(Set<String> reasons, String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        }
    }

    private static String common(long timeUnixNano, List<KeyValue> attributes) {
        if (timeUnixNano == 0) {
            return "data point timestamp (time_unix_nano) is missing";
        }
        for (KeyValue kv : attributes) {
            if (kv.getKey().isEmpty()) {
                return "invalid label name \"\" (attribute keys must not be empty)";
            }
        }
        return null;
    }

    static String number(NumberDataPoint p, boolean monotonic) {
        String c = common(p.getTimeUnixNano(), p.getAttributesList());
        if (c != null) {
            return c;
        }
        double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
        if (monotonic && v < 0) {
            return "monotonic sum has negative value " + v;
        }
        return null;
    }

    static String histogram(HistogramDataPoint p) {
        String c = common(p.getTimeUnixNano(), p.getAttributesList());
        if (c != null) {
            return c;
        }
        if (p.getCount() < 0) {
            return "negative count " + Long.toUnsignedString(p.getCount());
        }
        int buckets = p.getBucketCountsCount();
        int bounds = p.getExplicitBoundsCount();
        if (buckets != 0 && buckets != bounds + 1) {
            return "histogram has " + buckets + " bucket counts for " + bounds + " bounds (needs bounds + 1)";
        }
        for (int i = 0; i < bounds; i++) {
            double b = p.getExplicitBounds(i);
            if (Double.isNaN(b) || (i > 0 && b <= p.getExplicitBounds(i - 1))) {
                return "histogram bounds must increase strictly, got " + p.getExplicitBoundsList();
            }
        }
        long sum = 0;
        for (long n : p.getBucketCountsList()) {
            if (n < 0) {
                return "negative bucket count " + Long.toUnsignedString(n);
            }
            sum += n;
        }
        if (buckets != 0 && sum != p.getCount()) {
            return "histogram bucket counts sum to " + sum + " but count is " + p.getCount();
        }
        return null;
    }

    static String exponential(ExponentialHistogramDataPoint p) {
        String c = common(p.getTimeUnixNano(), p.getAttributesList());
        if (c != null) {
            return c;
        }
        if (p.getScale() < -10 || p.getScale() > 20) {
            return "exponential histogram scale must be in -10..20, got " + p.getScale();
        }
        long sum = p.getZeroCount();
        if (p.getCount() < 0 || sum < 0) {
            return "negative count " + Long.toUnsignedString(p.getCount() < 0 ? p.getCount() : sum);
        }
        for (long n : p.getPositive().getBucketCountsList()) {
            sum += n;
            if (n < 0) {
                return "negative bucket count " + Long.toUnsignedString(n);
            }
        }
        for (long n : p.getNegative().getBucketCountsList()) {
            sum += n;
            if (n < 0) {
                return "negative bucket count " + Long.toUnsignedString(n);
            }
        }
        if (sum != p.getCount()) {
            return "exponential histogram bucket counts sum to " + sum + " but count is " + p.getCount();
        }
        return null;
    }

    static String summary(SummaryDataPoint p) {
        String c = common(p.getTimeUnixNano(), p.getAttributesList());
        if (c != null) {
            return c;
        }
        if (p.getCount() < 0) {
            return "negative count " + Long.toUnsignedString(p.getCount());
        }
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            if (!(q.getQuantile() >= 0 && q.getQuantile() <= 1)) {
                return "summary quantile must be in [0, 1], got " + q.getQuantile();
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
