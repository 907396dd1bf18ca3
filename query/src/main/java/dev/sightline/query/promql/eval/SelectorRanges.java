package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AtModifier;
import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.NumberLiteral;
import dev.sightline.query.promql.ast.ParenExpr;
import dev.sightline.query.promql.ast.StringLiteral;
import dev.sightline.query.promql.ast.SubqueryExpr;
import dev.sightline.query.promql.ast.UnaryExpr;
import dev.sightline.query.promql.ast.VectorSelector;
import java.util.IdentityHashMap;
import java.util.Map;

/** Works out, for every selector of a query, the time range [mint, maxt] of samples it can touch. */
final class SelectorRanges {
    private final long start;
    private final long end;
    private final long lookback;
    private final Map<VectorSelector, long[]> ranges = new IdentityHashMap<>();

    private SelectorRanges(long start, long end, long lookback) {
        this.start = start;
        this.end = end;
        this.lookback = lookback;
    }

    static Map<VectorSelector, long[]> of(Expr e, long start, long end, long lookback) {
        SelectorRanges r = new SelectorRanges(start, end, lookback);
        r.walk(e, start, end);
        return r.ranges;
    }

    private void put(VectorSelector v, long mint, long maxt) {
        ranges.merge(v, new long[] {mint, maxt}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    private long resolve(AtModifier at) {
        return at.resolve(start, end);
    }

    private void walk(Expr e, long lo, long hi) {
        switch (e) {
            case VectorSelector v -> {
                if (v.at() != null) {
                    lo = resolve(v.at());
                    hi = lo;
                }
                put(v, lo - v.offsetMs() - lookback, hi - v.offsetMs());
            }
            case MatrixSelector m -> {
                VectorSelector v = m.selector();
                if (v.at() != null) {
                    lo = resolve(v.at());
                    hi = lo;
                }
                put(v, lo - v.offsetMs() - m.rangeMs(), hi - v.offsetMs());
            }
            case SubqueryExpr s -> {
                if (s.at() != null) {
                    lo = resolve(s.at());
                    hi = lo;
                }
                walk(s.expr(), lo - s.offsetMs() - s.rangeMs(), hi - s.offsetMs());
            }
            case ParenExpr p -> walk(p.expr(), lo, hi);
            case UnaryExpr u -> walk(u.expr(), lo, hi);
            case BinaryExpr b -> {
                walk(b.lhs(), lo, hi);
                walk(b.rhs(), lo, hi);
            }
            case AggregateExpr a -> {
                walk(a.expr(), lo, hi);
                if (a.param() != null) {
                    walk(a.param(), lo, hi);
                }
            }
            case Call c -> {
                for (Expr arg : c.args()) {
                    walk(arg, lo, hi);
                }
            }
            case NumberLiteral n -> { }
            case StringLiteral s -> { }
        }
    }
}
