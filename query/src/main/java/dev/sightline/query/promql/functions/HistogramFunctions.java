package dev.sightline.query.promql.functions;

import dev.sightline.query.promql.value.Sample;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** histogram_quantile and histogram_fraction over classic ({@code le}-labelled) buckets. */
public final class HistogramFunctions {
    private static final double SMALL_DELTA = 1e-12;

    private HistogramFunctions() {
    }

    /** Receives what Prometheus reports as annotations: malformed {@code le} labels, forced monotonicity. */
    public interface Notes {
        void badBucketLabel(String metricName, String le);

        void forcedMonotonic(String metricName);
    }

    private record Bucket(double upper, double count) {
    }

    private record Group(Labels labels, List<Bucket> buckets) {
    }

    private static Map<Labels, Group> group(List<Sample> in, Notes notes) {
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            double upper;
            try {
                upper = parseFloat(s.labels().get("le"));
            } catch (NumberFormatException e) {
                notes.badBucketLabel(s.labels().metricName(), s.labels().get("le"));
                continue;
            }
            Labels key = s.labels().without(Set.of("le"));
            Group g = groups.computeIfAbsent(key, k -> new Group(k.without(Set.of(Labels.METRIC_NAME)),
                    new ArrayList<>()));
            g.buckets().add(new Bucket(upper, s.value()));
        }
        return groups;
    }

    static double parseFloat(String s) {
        String l = s.toLowerCase(java.util.Locale.ROOT);
        return switch (l) {
            case "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> {
                if (l.isEmpty() || l.endsWith("d") || l.endsWith("f")) {
                    throw new NumberFormatException(s);
                }
                yield Double.parseDouble(s);
            }
        };
    }

    public static List<Sample> quantile(double q, List<Sample> in, Notes notes) {
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<Labels, Group> e : group(in, notes).entrySet()) {
            Group g = e.getValue();
            boolean[] forced = new boolean[1];
            out.add(new Sample(g.labels(), bucketQuantile(q, g.buckets(), forced), true));
            if (forced[0]) {
                notes.forcedMonotonic(e.getKey().metricName());
            }
        }
        return out;
    }

    public static List<Sample> fraction(double lower, double upper, List<Sample> in, Notes notes) {
        List<Sample> out = new ArrayList<>();
        for (Group g : group(in, notes).values()) {
            out.add(new Sample(g.labels(), bucketFraction(lower, upper, g.buckets()), true));
        }
        return out;
    }

    private static List<Bucket> prepare(List<Bucket> buckets) {
        List<Bucket> b = new ArrayList<>(buckets);
        b.sort(Comparator.comparingDouble(Bucket::upper));
        List<Bucket> out = new ArrayList<>();
        for (Bucket x : b) {
            if (!out.isEmpty() && out.get(out.size() - 1).upper() == x.upper()) {
                Bucket last = out.remove(out.size() - 1);
                out.add(new Bucket(x.upper(), last.count() + x.count()));
            } else {
                out.add(x);
            }
        }
        return out;
    }

    static double bucketQuantile(double q, List<Bucket> raw, boolean[] forced) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingDouble(Bucket::upper));
        if (sorted.isEmpty() || sorted.get(sorted.size() - 1).upper() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        List<Bucket> b = prepare(sorted);
        double[] counts = new double[b.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = b.get(i).count();
        }
        forced[0] = ensureMonotonic(counts);
        if (b.size() < 2) {
            return Double.NaN;
        }
        double observations = counts[counts.length - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int idx = 0;
        while (idx < b.size() - 1 && !(counts[idx] >= rank)) {
            idx++;
        }
        if (idx == b.size() - 1) {
            return b.get(b.size() - 2).upper();
        }
        if (idx == 0 && b.get(0).upper() <= 0) {
            return b.get(0).upper();
        }
        double bucketStart = 0;
        double bucketEnd = b.get(idx).upper();
        double count = counts[idx];
        if (idx > 0) {
            bucketStart = b.get(idx - 1).upper();
            count -= counts[idx - 1];
            rank -= counts[idx - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /** Fixes counts in place; true when a real (not rounding) decrease had to be removed. */
    private static boolean ensureMonotonic(double[] counts) {
        boolean forced = false;
        double prev = counts[0];
        for (int i = 1; i < counts.length; i++) {
            double curr = counts[i];
            if (curr == prev) {
                continue;
            }
            if (almostEqual(prev, curr, SMALL_DELTA)) {
                counts[i] = prev;
                continue;
            }
            if (curr < prev) {
                counts[i] = prev;
                forced = true;
                continue;
            }
            prev = curr;
        }
        return forced;
    }

    static boolean almostEqual(double a, double b, double epsilon) {
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < epsilon * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }

    /** The rank at {@code v} within a bucket; a bucket of infinite width places its observations at its finite end. */
    private static double interpolate(double rank, double count, double lowerBound, double upperBound, double v) {
        if (Double.isInfinite(lowerBound)) {
            return count;
        }
        if (Double.isInfinite(upperBound)) {
            return rank;
        }
        return rank + (count - rank) * (v - lowerBound) / (upperBound - lowerBound);
    }

    static double bucketFraction(double lower, double upper, List<Bucket> raw) {
        List<Bucket> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingDouble(Bucket::upper));
        if (sorted.isEmpty() || sorted.get(sorted.size() - 1).upper() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        List<Bucket> b = prepare(sorted);
        double count = b.get(b.size() - 1).count();
        if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        for (int i = 0; i < b.size(); i++) {
            double upperBound = b.get(i).upper();
            double lowerBound = i > 0 ? b.get(i - 1).upper() : upperBound > 0 ? 0 : Double.NEGATIVE_INFINITY;
            double bc = b.get(i).count();
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = interpolate(rank, bc, lowerBound, upperBound, lower);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = interpolate(rank, bc, lowerBound, upperBound, upper);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = bc;
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }
}
