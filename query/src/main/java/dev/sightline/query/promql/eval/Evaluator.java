package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AggregateOp;
import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.BinaryOp;
import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.NumberLiteral;
import dev.sightline.query.promql.ast.ParenExpr;
import dev.sightline.query.promql.ast.StringLiteral;
import dev.sightline.query.promql.ast.SubqueryExpr;
import dev.sightline.query.promql.ast.UnaryExpr;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.parser.ParsedQuery;
import dev.sightline.query.promql.value.ErrorType;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.RangeSeries;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.StringValue;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SampleIterator;
import dev.sightline.storage.series.Series;
import dev.sightline.storage.series.SeriesSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates one query at one timestamp at a time; selected series are loaded once per query. Not thread-safe. */
final class Evaluator {
    private final SeriesSource source;
    final long start;
    final long end;
    final long step;
    private final QueryLimits limits;
    private final long deadlineNanos;
    private final Map<VectorSelector, long[]> ranges;
    private final Map<VectorSelector, List<LoadedSeries>> loaded = new IdentityHashMap<>();
    private final Map<SubqueryExpr, Map<Long, Vector>> subqueryCache = new IdentityHashMap<>();
    private final Calls calls = new Calls(this);
    private final Map<AggregateExpr, Map<Labels, Labels>> groupKeys = new IdentityHashMap<>();
    private final Map<AggregateExpr, StepAggregation> stepAggregations = new IdentityHashMap<>();
    private final Annotations annotations;
    private long samplesLoaded;
    private int ticks;
    private long[] scratchTs = new long[256];
    private double[] scratchVs = new double[256];

    Evaluator(SeriesSource source, ParsedQuery query, long start, long end, long step, QueryLimits limits,
            long deadlineNanos) {
        Expr root = query.expr();
        this.annotations = new Annotations(query);
        this.source = source;
        this.step = step;
        this.start = start;
        this.end = end;
        this.limits = limits;
        this.deadlineNanos = deadlineNanos;
        this.ranges = SelectorRanges.of(root, start, end, limits.lookbackMs());
    }

    Annotations annotations() {
        return annotations;
    }

    long samplesLoaded() {
        return samplesLoaded;
    }

    void checkDeadline() {
        if ((++ticks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
        }
    }

    void countSamples(long n) {
        samplesLoaded += n;
        if (samplesLoaded > limits.maxSamples()) {
            throw new QueryException(ErrorType.EXECUTION,
                    "query processing would load too many samples into memory in query execution");
        }
    }

    Value eval(Expr e, long t) {
        checkDeadline();
        return switch (e) {
            case NumberLiteral n -> new Scalar(n.value());
            case StringLiteral s -> new StringValue(s.value());
            case ParenExpr p -> eval(p.expr(), t);
            case UnaryExpr u -> unary(u, t);
            case VectorSelector v -> new Vector(selectInstant(v, t, false));
            case MatrixSelector m -> matrix(m, t);
            case SubqueryExpr s -> subquery(s, t);
            case BinaryExpr b -> binary(b, t);
            case AggregateExpr a -> aggregate(a, t);
            case Call c -> calls.eval(c, t);
        };
    }

    private Value unary(UnaryExpr u, long t) {
        Value v = eval(u.expr(), t);
        if (!u.negate()) {
            return v;
        }
        if (v instanceof Scalar s) {
            return new Scalar(-s.value());
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : ((Vector) v).samples()) {
            out.add(s.dropping(-s.value()));
        }
        return new Vector(out);
    }

    private Value binary(BinaryExpr b, long t) {
        Value l = eval(b.lhs(), t);
        if (b.op() == BinaryOp.AND && l instanceof Vector lv && lv.samples().isEmpty()) {
            return Vector.EMPTY;
        }
        Value r = eval(b.rhs(), t);
        return BinaryOps.eval(b, l, r);
    }

    private Value aggregate(AggregateExpr a, long t) {
        if (onGrid(t) && StepAggregation.applies(a)) {
            return stepAggregations.computeIfAbsent(a,
                    k -> new StepAggregation(a, calls.stepCache(StepAggregation.argument(a)))).at(t);
        }
        double param = Double.NaN;
        String stringParam = null;
        if (a.param() != null) {
            Value p = eval(a.param(), t);
            if (p instanceof Scalar s) {
                param = s.value();
            } else if (p instanceof StringValue s) {
                stringParam = s.value();
            }
        }
        Vector in = (Vector) eval(a.expr(), t);
        if (a.op() == AggregateOp.QUANTILE && !(param >= 0 && param <= 1)) {
            annotations.warn("quantile value should be between 0 and 1, got "
                    + dev.sightline.query.promql.ast.Printer.formatNumber(param), a.param());
        }
        if (a.op() == AggregateOp.COUNT_VALUES && stringParam == null) {
            throw QueryException.execution("count_values requires a string parameter");
        }
        return Aggregations.eval(a, in, param, stringParam,
                groupKeys.computeIfAbsent(a, k -> new IdentityHashMap<>()));
    }

    /** Whether {@code t} is one of a range query's steps. */
    boolean onGrid(long t) {
        return step > 0 && t >= start && t <= end && (t - start) % step == 0;
    }

    List<LoadedSeries> load(VectorSelector v) {
        List<LoadedSeries> l = loaded.get(v);
        if (l != null) {
            return l;
        }
        long[] range = ranges.getOrDefault(v, new long[] {Long.MIN_VALUE / 4, Long.MAX_VALUE / 4});
        List<? extends Series> selected = source.select(range[0], range[1], v.matchers());
        List<LoadedSeries> out = new ArrayList<>(selected.size());
        // Read into scratch arrays and copy out at the exact size: growing per-series arrays by doubling
        // allocated about four times the samples' size.
        long[] ts = scratchTs;
        double[] vs = scratchVs;
        for (Series s : selected) {
            int n = 0;
            SampleIterator it = s.samples();
            while (it.next()) {
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    vs = Arrays.copyOf(vs, n * 2);
                }
                ts[n] = it.timestamp();
                vs[n] = it.value();
                n++;
            }
            countSamples(n);
            out.add(new LoadedSeries(s.labels(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n), n));
        }
        scratchTs = ts;
        scratchVs = vs;
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        loaded.put(v, out);
        return out;
    }

    long refTime(dev.sightline.query.promql.ast.AtModifier at, long offset, long t) {
        return (at != null ? at.resolve(start, end) : t) - offset;
    }

    /**
     * The instant vector of {@code v} at {@code t}; with {@code timestampValues} each value is the sample's own
     * timestamp in seconds (for {@code timestamp()}).
     */
    List<Sample> selectInstant(VectorSelector v, long t, boolean timestampValues) {
        long ref = refTime(v.at(), v.offsetMs(), t);
        List<LoadedSeries> series = load(v);
        List<Sample> out = new ArrayList<>(series.size());
        for (LoadedSeries s : series) {
            int i = s.lastAtOrBefore(ref, 0);
            if (i < 0 || s.ts()[i] <= ref - limits.lookbackMs() || SampleIterator.isStale(s.vs()[i])) {
                continue;
            }
            out.add(new Sample(s.labels(), timestampValues ? s.ts()[i] / 1000.0 : s.vs()[i], false));
        }
        return out;
    }

    Matrix matrix(MatrixSelector m, long t) {
        VectorSelector v = m.selector();
        long ref = refTime(v.at(), v.offsetMs(), t);
        long lo = ref - m.rangeMs();
        List<LoadedSeries> series = load(v);
        List<RangeSeries> out = new ArrayList<>(series.size());
        for (LoadedSeries s : series) {
            RangeSeries w = window(s, lo, ref);
            if (w != null) {
                out.add(w);
            }
        }
        return new Matrix(out);
    }

    /** The samples of {@code s} in (lo, ref] without stale markers, or null when there are none. */
    static RangeSeries window(LoadedSeries s, long lo, long ref) {
        LoadedSeries r = s.withoutStale();
        int from = r.lastAtOrBefore(lo, 0) + 1;
        int to = r.lastAtOrBefore(ref, 1) + 1;
        return from >= to ? null : new RangeSeries(s.labels(), r.ts(), r.vs(), from, to - from, false);
    }

    Matrix subquery(SubqueryExpr s, long t) {
        long ref = refTime(s.at(), s.offsetMs(), t);
        long step = s.stepMs() > 0 ? s.stepMs() : limits.defaultSubqueryStepMs();
        long first = step * ((ref - s.rangeMs()) / step);
        if (first <= ref - s.rangeMs()) {
            first += step;
        }
        Map<Long, Vector> cache = subqueryCache.computeIfAbsent(s, k -> new HashMap<>());
        Map<Labels, SeriesBuilder> series = new LinkedHashMap<>();
        for (long ts = first; ts <= ref; ts += step) {
            long at = ts;
            Vector v = cache.computeIfAbsent(ts, k -> (Vector) eval(s.expr(), at));
            for (Sample smp : v.samples()) {
                series.computeIfAbsent(smp.labels(), SeriesBuilder::new).add(at, smp.value(), smp.dropName());
            }
        }
        List<RangeSeries> out = new ArrayList<>(series.size());
        for (SeriesBuilder b : series.values()) {
            out.add(b.build());
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new Matrix(out);
    }

    /** Accumulates the points of one series across steps. */
    static final class SeriesBuilder {
        final Labels labels;
        long[] ts = new long[8];
        double[] vs = new double[8];
        int n;
        boolean dropName;

        SeriesBuilder(Labels labels) {
            this.labels = labels;
        }

        void add(long t, double v, boolean drop) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            n++;
            dropName |= drop;
        }

        RangeSeries build() {
            return new RangeSeries(labels, ts, vs, n, dropName);
        }
    }
}
