package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AggregateOp;
import dev.sightline.query.promql.functions.Kahan;
import dev.sightline.query.promql.functions.Quantiles;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Aggregation operators over an instant vector, grouped {@code by} or {@code without} labels. */
final class Aggregations {
    private Aggregations() {
    }

    /** The grouping key of a sample's labels (also the output labels of value aggregations). */
    static Labels groupKey(Labels l, AggregateExpr a) {
        if (a.without()) {
            Set<String> drop = new HashSet<>(a.grouping());
            drop.add(Labels.METRIC_NAME);
            return l.without(drop);
        }
        return l.keep(a.grouping());
    }

    static Vector eval(AggregateExpr a, Vector in, double param, String stringParam, Map<Labels, Labels> keys) {
        return switch (a.op()) {
            case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO -> Selections.eval(a, in, param);
            case COUNT_VALUES -> countValues(a, in, stringParam);
            default -> values(a, in, param, keys);
        };
    }

    /**
     * The running state of one output group of a value aggregation (sum, avg, count, group, min, max, stddev,
     * stdvar, quantile). {@link #add} takes the group's input values in vector order; {@link #reset} makes it
     * ready for the next step, so one instance can serve every step of a query.
     */
    static final class Group {
        final Labels labels;
        double value;
        double c;
        double mean;
        double count;
        boolean incremental;
        boolean dropName;
        boolean seen;
        final List<Double> all = new ArrayList<>();

        Group(Labels labels) {
            this.labels = labels;
        }

        /** Adds the next input value {@code f}, of a sample whose dropName is {@code drop}. */
        void add(AggregateOp op, double f, boolean drop) {
            if (!seen) {
                seen = true;
                count = 1;
                value = f;
                mean = f;
                dropName = drop;
                if (op != AggregateOp.STDDEV && op != AggregateOp.STDVAR) {
                    if (op == AggregateOp.QUANTILE) {
                        all.add(f);
                    }
                    return;
                }
                value = 0;
                mean = 0;
                count = 0;
            }
            dropName |= drop;
            switch (op) {
                case SUM -> kahanAdd(f);
                case AVG -> avg(this, f);
                case COUNT -> count++;
                case GROUP -> { }
                case MIN -> {
                    if (value > f || Double.isNaN(value)) {
                        value = f;
                    }
                }
                case MAX -> {
                    if (value < f || Double.isNaN(value)) {
                        value = f;
                    }
                }
                case STDDEV, STDVAR -> {
                    count++;
                    double delta = f - (mean + c);
                    double[] r = Kahan.inc(delta / count, mean, c);
                    mean = r[0];
                    c = r[1];
                    value += delta * (f - (mean + c));
                }
                case QUANTILE -> all.add(f);
                default -> throw new IllegalStateException(op.text());
            }
        }

        /** The output sample of the values added so far. */
        Sample result(AggregateOp op, double param) {
            double v = switch (op) {
                case SUM -> value + c;
                case AVG -> incremental ? mean + c : (value + c) / count;
                case COUNT -> count;
                case GROUP -> 1;
                case MIN, MAX -> value;
                case STDVAR -> value / count;
                case STDDEV -> Math.sqrt(value / count);
                case QUANTILE -> Quantiles.quantile(param, all.stream().mapToDouble(Double::doubleValue).toArray());
                default -> throw new IllegalStateException(op.text());
            };
            return new Sample(labels, v, dropName && labels.has(Labels.METRIC_NAME));
        }

        void reset() {
            value = 0;
            c = 0;
            mean = 0;
            count = 0;
            incremental = false;
            dropName = false;
            seen = false;
            all.clear();
        }

        /** {@link Kahan#inc} on (value, c) without allocating. */
        void kahanAdd(double inc) {
            double t = value + inc;
            if (Double.isInfinite(t)) {
                c = 0;
            } else if (Math.abs(value) >= Math.abs(inc)) {
                c += (value - t) + inc;
            } else {
                c += (inc - t) + value;
            }
            value = t;
        }
    }

    /**
     * @param keys a cache of group keys by input label set (identity), reused across the steps of one query
     */
    private static Vector values(AggregateExpr a, Vector in, double param, Map<Labels, Labels> keys) {
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (Sample s : in.samples()) {
            Labels key = keys.get(s.labels());
            if (key == null) {
                key = groupKey(s.labels(), a);
                if (keys.size() < 1_000_000) {
                    keys.put(s.labels(), key);
                }
            }
            Group g = groups.get(key);
            if (g == null) {
                g = new Group(key);
                groups.put(key, g);
            }
            g.add(a.op(), s.value(), s.dropName());
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            out.add(g.result(a.op(), param));
        }
        return new Vector(out);
    }

    private static void avg(Group g, double f) {
        g.count++;
        if (!g.incremental) {
            double[] r = Kahan.inc(f, g.value, g.c);
            if (!Double.isInfinite(r[0])) {
                g.value = r[0];
                g.c = r[1];
                return;
            }
            g.incremental = true;
            g.mean = g.value / (g.count - 1);
            g.c /= g.count - 1;
        }
        if (Double.isInfinite(g.mean)) {
            if (Double.isInfinite(f) && (g.mean > 0) == (f > 0)) {
                return;
            }
            if (!Double.isInfinite(f) && !Double.isNaN(f)) {
                return;
            }
        }
        double q = (g.count - 1) / g.count;
        double[] r = Kahan.inc(f / g.count, q * g.mean, q * g.c);
        g.mean = r[0];
        g.c = r[1];
    }

    private static Vector countValues(AggregateExpr a, Vector in, String label) {
        if (label == null || label.isEmpty() || label.contains("\uFFFD")) {
            throw QueryException.execution("invalid label name \"" + label + "\"");
        }
        Map<Labels, double[]> counts = new LinkedHashMap<>();
        for (Sample s : in.samples()) {
            Labels key = groupKey(s.labels(), a).with(label, formatValue(s.value()));
            counts.computeIfAbsent(key, k -> new double[1])[0]++;
        }
        List<Sample> out = new ArrayList<>();
        counts.forEach((k, c) -> out.add(new Sample(k, c[0], false)));
        return new Vector(out);
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
