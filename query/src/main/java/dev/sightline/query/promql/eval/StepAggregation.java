package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AggregateOp;
import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An aggregation without parameter over a step-cached range call, such as {@code sum by (job) (rate(x[5m]))},
 * evaluated at a step straight from the cache's columns: the input vector's samples are never built. Gives the
 * same vector as {@link Aggregations#eval} over {@link StepCache#at}: each group takes its values in series
 * order through the same {@link Aggregations.Group} code, and the groups come out in order of first appearance.
 * The group of each series is worked out once per query, and the group states are reused from step to step.
 */
final class StepAggregation {
    private static final Set<AggregateOp> OPS = EnumSet.of(AggregateOp.SUM, AggregateOp.AVG, AggregateOp.COUNT,
            AggregateOp.GROUP, AggregateOp.MIN, AggregateOp.MAX, AggregateOp.STDDEV, AggregateOp.STDVAR);

    private final AggregateOp op;
    private final StepCache input;
    private final int[] groupOf;
    private final Aggregations.Group[] groups;
    private final int[] order;

    StepAggregation(AggregateExpr a, StepCache input) {
        this.op = a.op();
        this.input = input;
        List<LoadedSeries> series = input.series();
        this.groupOf = new int[series.size()];
        Map<Labels, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            Labels key = Aggregations.groupKey(series.get(i).labels(), a);
            Integer g = index.putIfAbsent(key, index.size());
            groupOf[i] = g == null ? index.size() - 1 : g;
        }
        this.groups = new Aggregations.Group[index.size()];
        index.forEach((key, g) -> groups[g] = new Aggregations.Group(key));
        this.order = new int[groups.length];
    }

    /** Whether {@code a} can be evaluated over the step cache of its argument. */
    static boolean applies(AggregateExpr a) {
        return a.param() == null && OPS.contains(a.op()) && Calls.unwrap(a.expr()) instanceof Call c
                && StepCache.applies(c);
    }

    /** The aggregation's argument, the call whose step cache it reads. */
    static Call argument(AggregateExpr a) {
        return (Call) Calls.unwrap(a.expr());
    }

    /** The aggregated vector at {@code t}, one of the range query's steps. */
    Vector at(long t) {
        int k = input.stepIndex(t);
        boolean dropName = input.dropName();
        int m = 0;
        for (int i = 0; i < groupOf.length; i++) {
            if (!input.present(i, k)) {
                continue;
            }
            Aggregations.Group g = groups[groupOf[i]];
            if (!g.seen) {
                order[m++] = groupOf[i];
            }
            g.add(op, input.value(i, k), dropName);
        }
        List<Sample> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            Aggregations.Group g = groups[order[j]];
            out.add(g.result(op, Double.NaN));
            g.reset();
        }
        return new Vector(out);
    }
}
