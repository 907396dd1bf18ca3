package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AggregateOp;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** topk, bottomk, limitk and limit_ratio: aggregations that keep input samples with their labels. */
final class Selections {
    private Selections() {
    }

    static Vector eval(AggregateExpr a, Vector in, double param) {
        if (Double.isNaN(param)) {
            if (a.op() == AggregateOp.LIMIT_RATIO) {
                throw QueryException.execution("Ratio value is NaN");
            }
            throw QueryException.execution("Parameter value is NaN");
        }
        if (a.op() == AggregateOp.LIMIT_RATIO) {
            return limitRatio(in, Math.max(-1, Math.min(1, param)));
        }
        if (param > Long.MAX_VALUE || param < Long.MIN_VALUE) {
            throw QueryException.execution("Scalar value " + param + " overflows int64");
        }
        long k = (long) param;
        if (k < 1) {
            return Vector.EMPTY;
        }
        Map<Labels, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : in.samples()) {
            groups.computeIfAbsent(Aggregations.groupKey(s.labels(), a), x -> new ArrayList<>()).add(s);
        }
        List<Sample> out = new ArrayList<>();
        for (List<Sample> g : groups.values()) {
            if (a.op() == AggregateOp.LIMITK) {
                out.addAll(g.subList(0, (int) Math.min(k, g.size())));
                continue;
            }
            boolean top = a.op() == AggregateOp.TOPK;
            Comparator<Sample> c = (x, y) -> {
                boolean xn = Double.isNaN(x.value());
                boolean yn = Double.isNaN(y.value());
                if (xn || yn) {
                    return Boolean.compare(xn, yn);
                }
                return top ? Double.compare(y.value(), x.value()) : Double.compare(x.value(), y.value());
            };
            List<Sample> sorted = new ArrayList<>(g);
            sorted.sort(c);
            out.addAll(sorted.subList(0, (int) Math.min(k, sorted.size())));
        }
        return new Vector(out);
    }

    private static Vector limitRatio(Vector in, double ratio) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : in.samples()) {
            double offset = RatioSampler.sampleOffset(s.labels());
            boolean keep = ratio >= 0 ? offset < ratio : offset >= 1 + ratio;
            if (keep) {
                out.add(s);
            }
        }
        return new Vector(out);
    }
}
