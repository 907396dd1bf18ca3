package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.ParenExpr;
import dev.sightline.query.promql.ast.ValueType;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.functions.HistogramFunctions;
import dev.sightline.query.promql.functions.LabelFunctions;
import dev.sightline.query.promql.functions.MathFunctions;
import dev.sightline.query.promql.functions.SortFunctions;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.StringValue;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/** Evaluates function calls: argument evaluation and dispatch to the function library. */
final class Calls {
    private final Evaluator ev;

    private final RangeCalls rangeCalls;

    Calls(Evaluator ev) {
        this.ev = ev;
        this.rangeCalls = new RangeCalls(ev, this);
    }

    static Expr unwrap(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e;
    }

    /** The step cache of range call {@code c} ({@link StepCache#applies} to it), computed on first use. */
    StepCache stepCache(Call c) {
        return rangeCalls.stepCache(c);
    }

    double scalar(Expr e, long t) {
        return ((Scalar) ev.eval(e, t)).value();
    }

    private String string(Expr e, long t) {
        return ((StringValue) ev.eval(e, t)).value();
    }

    private List<Sample> vector(Expr e, long t) {
        return ((Vector) ev.eval(e, t)).samples();
    }

    Value eval(Call c, long t) {
        String name = c.name();
        List<Expr> args = c.args();
        int matrixArg = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type() == ValueType.MATRIX) {
                matrixArg = i;
            }
        }
        if (matrixArg >= 0) {
            return rangeCalls.eval(c, matrixArg, t);
        }
        switch (name) {
            case "time":
                return new Scalar(t / 1000.0);
            case "pi":
                return new Scalar(Math.PI);
            case "start":
                return new Scalar(ev.start / 1000.0);
            case "end":
                return new Scalar(ev.end / 1000.0);
            case "min_of":
                return new Scalar(Math.min(scalar(args.get(0), t), scalar(args.get(1), t)));
            case "max_of":
                return new Scalar(Math.max(scalar(args.get(0), t), scalar(args.get(1), t)));
            case "step":
                return new Scalar(ev.step / 1000.0);
            case "range":
                return new Scalar((ev.end - ev.start) / 1000.0);
            case "vector":
                return new Vector(List.of(new Sample(Labels.EMPTY, scalar(args.get(0), t), false)));
            case "scalar": {
                List<Sample> v = vector(args.get(0), t);
                return new Scalar(v.size() == 1 ? v.get(0).value() : Double.NaN);
            }
            case "absent": {
                List<Sample> v = vector(args.get(0), t);
                return v.isEmpty() ? new Vector(List.of(new Sample(RangeCalls.absentLabels(args.get(0)), 1, false)))
                        : Vector.EMPTY;
            }
            case "timestamp":
                return timestamp(args.get(0), t);
            case "round": {
                List<Sample> v = vector(args.get(0), t);
                double to = args.size() > 1 ? scalar(args.get(1), t) : 1;
                return map(v, x -> MathFunctions.round(x, to));
            }
            case "clamp": {
                List<Sample> v = vector(args.get(0), t);
                double min = scalar(args.get(1), t);
                double max = scalar(args.get(2), t);
                if (max < min) {
                    return Vector.EMPTY;
                }
                return map(v, x -> Math.max(min, Math.min(max, x)));
            }
            case "clamp_min": {
                List<Sample> v = vector(args.get(0), t);
                double min = scalar(args.get(1), t);
                return map(v, x -> Math.max(min, x));
            }
            case "clamp_max": {
                List<Sample> v = vector(args.get(0), t);
                double max = scalar(args.get(1), t);
                return map(v, x -> Math.min(max, x));
            }
            case "sort":
                sortWarning(c);
                return new Vector(SortFunctions.byValue(vector(args.get(0), t), false));
            case "sort_desc":
                sortWarning(c);
                return new Vector(SortFunctions.byValue(vector(args.get(0), t), true));
            case "sort_by_label", "sort_by_label_desc": {
                sortWarning(c);
                List<String> labels = new ArrayList<>();
                for (int i = 1; i < args.size(); i++) {
                    labels.add(string(args.get(i), t));
                }
                return new Vector(SortFunctions.byLabel(vector(args.get(0), t), labels,
                        name.equals("sort_by_label_desc")));
            }
            case "label_replace":
                return unique(LabelFunctions.labelReplace(vector(args.get(0), t), string(args.get(1), t),
                        string(args.get(2), t), string(args.get(3), t), string(args.get(4), t)));
            case "label_join": {
                List<String> srcs = new ArrayList<>();
                for (int i = 3; i < args.size(); i++) {
                    srcs.add(string(args.get(i), t));
                }
                return unique(LabelFunctions.labelJoin(vector(args.get(0), t), string(args.get(1), t),
                        string(args.get(2), t), srcs));
            }
            case "histogram_quantile": {
                double q = scalar(args.get(0), t);
                quantileWarning(q, args.get(0));
                return new Vector(HistogramFunctions.quantile(q, vector(args.get(1), t), notes(args.get(1))));
            }
            case "histogram_quantiles": {
                List<Sample> in = vector(args.get(0), t);
                String label = string(args.get(1), t);
                List<Sample> out = new ArrayList<>();
                for (int i = 2; i < args.size(); i++) {
                    double q = scalar(args.get(i), t);
                    quantileWarning(q, args.get(i));
                    String qs = dev.sightline.query.promql.ast.Printer.formatNumber(q);
                    if (!qs.contains(".") && !qs.contains("e") && !qs.contains("Inf") && !qs.contains("NaN")) {
                        qs += ".0";
                    }
                    for (Sample s : HistogramFunctions.quantile(q, in, notes(args.get(0)))) {
                        out.add(new Sample(s.labels().with(label, qs), s.value(), true));
                    }
                }
                return new Vector(out);
            }
            case "histogram_fraction": {
                double lo = scalar(args.get(0), t);
                double hi = scalar(args.get(1), t);
                return new Vector(HistogramFunctions.fraction(lo, hi, vector(args.get(2), t), notes(args.get(2))));
            }
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar":
                vector(args.get(0), t);
                return Vector.EMPTY; // native histograms only; float samples are ignored
            default:
                break;
        }
        DoubleUnaryOperator f = MathFunctions.of(name);
        if (f == null) {
            throw new IllegalStateException("no implementation for function " + name);
        }
        if (args.isEmpty() && MathFunctions.isTimeFunction(name)) {
            return new Vector(List.of(new Sample(Labels.EMPTY, f.applyAsDouble(t / 1000.0), false)));
        }
        return map(vector(args.get(0), t), f);
    }

    private void sortWarning(Call c) {
        if (ev.step > 0) {
            ev.annotations().warn("sort is ineffective for range queries since results are always ordered by labels", c);
        }
    }

    void quantileWarning(double q, Expr at) {
        if (!(q >= 0 && q <= 1)) {
            ev.annotations().warn("quantile value should be between 0 and 1, got "
                    + dev.sightline.query.promql.ast.Printer.formatNumber(q), at);
        }
    }

    private HistogramFunctions.Notes notes(Expr at) {
        return new HistogramFunctions.Notes() {
            @Override
            public void badBucketLabel(String metricName, String le) {
                ev.annotations().warn("bucket label \"le\" is missing or has a malformed value of \"" + le
                        + "\" for metric name \"" + metricName + "\"", at);
            }

            @Override
            public void forcedMonotonic(String metricName) {
                ev.annotations().info("input to histogram_quantile needed to be fixed for monotonicity (see "
                        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
                        + "for metric name \"" + metricName + "\"", at);
            }
        };
    }

    private static Vector unique(List<Sample> in) {
        Set<Labels> seen = new HashSet<>();
        for (Sample s : in) {
            if (!seen.add(s.labels())) {
                throw dev.sightline.query.promql.value.QueryException.execution(
                        "vector cannot contain metrics with the same labelset");
            }
        }
        return new Vector(in);
    }

    private static Vector map(List<Sample> in, DoubleUnaryOperator f) {
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(s.dropping(f.applyAsDouble(s.value())));
        }
        return new Vector(out);
    }

    private Value timestamp(Expr arg, long t) {
        Expr inner = unwrap(arg);
        List<Sample> in = inner instanceof VectorSelector v ? ev.selectInstant(v, t, true) : vector(arg, t);
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(s.dropping(inner instanceof VectorSelector ? s.value() : t / 1000.0));
        }
        return new Vector(out);
    }

}
