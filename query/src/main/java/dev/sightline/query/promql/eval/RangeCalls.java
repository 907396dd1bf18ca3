package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.SubqueryExpr;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.functions.RangeFunctions;
import dev.sightline.query.promql.functions.RangeWindow;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.query.promql.value.RangeSeries;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Calls of functions over a range vector (a range selector or a subquery), and absent()'s labels. */
final class RangeCalls {
    private final Evaluator ev;
    private final Calls calls;
    private final Map<Call, StepCache> stepCaches = new java.util.IdentityHashMap<>();

    RangeCalls(Evaluator ev, Calls calls) {
        this.ev = ev;
        this.calls = calls;
    }

    private void counterCheck(Call c, Labels labels) {
        if (!c.name().equals("rate") && !c.name().equals("increase")) {
            return;
        }
        String metric = labels.metricName();
        if (!metric.isEmpty() && !metric.endsWith("_total") && !metric.endsWith("_sum")
                && !metric.endsWith("_count") && !metric.endsWith("_bucket")) {
            ev.annotations().info("metric might not be a counter, name does not end in "
                    + "_total/_sum/_count/_bucket: \"" + metric + "\"", c.args().get(0));
        }
    }

    /** The step cache of {@code c}, which {@link StepCache#applies} to, computed on first use. */
    StepCache stepCache(Call c) {
        return stepCaches.computeIfAbsent(c, k -> StepCache.compute(ev, c, l -> counterCheck(c, l)));
    }

    Value eval(Call c, int matrixArg, long t) {
        if (ev.onGrid(t) && StepCache.applies(c)) {
            return stepCache(c).at(t);
        }
        String name = c.name();
        Expr m = Calls.unwrap(c.args().get(matrixArg));
        double[] params = new double[c.args().size() - 1];
        int p = 0;
        for (int i = 0; i < c.args().size(); i++) {
            if (i != matrixArg) {
                params[p++] = calls.scalar(c.args().get(i), t);
            }
        }
        Matrix matrix;
        long lo;
        long ref;
        if (m instanceof MatrixSelector ms) {
            ref = ev.refTime(ms.selector().at(), ms.selector().offsetMs(), t);
            lo = ref - ms.rangeMs();
            matrix = ev.matrix(ms, t);
        } else {
            SubqueryExpr sq = (SubqueryExpr) m;
            ref = ev.refTime(sq.at(), sq.offsetMs(), t);
            lo = ref - sq.rangeMs();
            matrix = ev.subquery(sq, t);
        }
        if (name.equals("absent_over_time")) {
            return matrix.series().isEmpty()
                    ? new Vector(List.of(new Sample(absentLabels(m), 1, false))) : Vector.EMPTY;
        }
        if (name.equals("quantile_over_time")) {
            calls.quantileWarning(params[0], c.args().get(0));
        }
        boolean counterCheck = name.equals("rate") || name.equals("increase");
        boolean keepName = RangeFunctions.keepsName(name);
        List<Sample> out = new ArrayList<>(matrix.series().size());
        RangeWindow w = new RangeWindow();
        for (RangeSeries s : matrix.series()) {
            ev.checkDeadline();
            if (counterCheck) {
                counterCheck(c, s.labels());
            }
            if (RangeFunctions.apply(name, w.set(s, t, lo, ref), params)) {
                out.add(new Sample(s.labels(), w.result(), keepName ? s.dropName() : true));
            }
        }
        return new Vector(out);
    }

    /** Labels for absent(): the equality matchers' labels, minus names matched more than once or otherwise. */
    static Labels absentLabels(Expr e) {
        Expr inner = Calls.unwrap(e);
        List<Matcher> matchers;
        if (inner instanceof VectorSelector v) {
            matchers = v.matchers();
        } else if (inner instanceof MatrixSelector m) {
            matchers = m.selector().matchers();
        } else {
            return Labels.EMPTY;
        }
        Map<String, String> out = new TreeMap<>();
        Set<String> has = new HashSet<>();
        for (Matcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && !has.contains(m.name())) {
                out.put(m.name(), m.value());
                has.add(m.name());
            } else {
                out.remove(m.name());
            }
        }
        return Labels.fromMap(out);
    }
}
