package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Accumulates a delta exponential histogram point into cumulative classic buckets. Its buckets change from
 * point to point (offsets move, the scale may drop), so each {@code le} series cannot simply add its own delta:
 * the new cumulative count at a bound is the stored count at the nearest stored bound at or below it plus this
 * point's count at or below it, computed for the union of stored and new bounds.
 */
final class DeltaBuckets {
    private DeltaBuckets() {
    }

    /**
     * @param buckets this point's (upper bound, cumulative count within the point), ascending
     * @return the absolute cumulative buckets to store; empty when the point was already applied (its time is
     *     the buckets' newest); null when it is older than that (out of order)
     */
    static List<double[]> accumulate(SampleSink sink, Labels bucketSeries, long t, List<double[]> buckets, long count)
            throws IOException {
        TreeMap<Double, Double> stored = new TreeMap<>();
        for (SampleSink.Bucket b : sink.buckets(bucketSeries)) {
            if (b.maxT() == t) {
                return List.of();
            }
            if (b.maxT() > t) {
                return null;
            }
            stored.put(parse(b.le()), Double.isNaN(b.lastValue()) ? 0 : b.lastValue());
        }
        TreeMap<Double, Double> point = new TreeMap<>();
        for (double[] b : buckets) {
            point.put(b[0], b[1]);
        }
        point.put(Double.POSITIVE_INFINITY, (double) count);
        TreeSet<Double> bounds = new TreeSet<>(stored.keySet());
        bounds.addAll(point.keySet());
        List<double[]> out = new ArrayList<>();
        for (double le : bounds) {
            Map.Entry<Double, Double> before = stored.floorEntry(le);
            Map.Entry<Double, Double> now = point.floorEntry(le);
            out.add(new double[] {le, (before == null ? 0 : before.getValue()) + (now == null ? 0 : now.getValue())});
        }
        return out;
    }

    private static double parse(String le) {
        return switch (le) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(le);
        };
    }
}
