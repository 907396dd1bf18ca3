package dev.sightline.alerting;

import dev.sightline.query.promql.ast.AggregateExpr;
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
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricsReader;
import dev.sightline.storage.series.SeriesExemplars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence from the metric store's exemplars: the exemplars, in the window, of the series every selector of the
 * expression reads, kept when the series carries every label of the alert's result series (so
 * {@code sum by (service)} keeps the exemplars of that service's series). The {@value #MAX} most recent distinct
 * trace IDs win. Thread-safe.
 */
public final class ExemplarEvidence implements Evidence {
    static final int MAX = 3;

    private final MetricsReader store;

    public ExemplarEvidence(MetricsReader store) {
        this.store = store;
    }

    @Override
    public List<String> traceIds(Expr expr, Labels labels, long mint, long maxt) {
        List<SeriesExemplars> found = new ArrayList<>();
        for (VectorSelector s : selectors(expr, new ArrayList<>())) {
            try {
                found.addAll(store.exemplars(s.matchers(), mint, maxt));
            } catch (IOException e) {
                throw new UncheckedIOException("reading exemplars for " + s + " failed: " + e.getMessage(), e);
            }
        }
        return pick(found, labels, MAX);
    }

    /** The most recent distinct trace IDs of the exemplars whose series carry every label of {@code want}. */
    static List<String> pick(List<SeriesExemplars> found, Labels want, int max) {
        List<Exemplar> candidates = new ArrayList<>();
        for (SeriesExemplars se : found) {
            boolean matches = true;
            for (int i = 0; i < want.size() && matches; i++) {
                matches = want.value(i).equals(se.series().get(want.name(i)));
            }
            if (matches) {
                for (Exemplar e : se.exemplars()) {
                    if (!e.traceId().isEmpty()) {
                        candidates.add(e);
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Exemplar::timestamp).reversed());
        Set<String> ids = new LinkedHashSet<>();
        for (Exemplar e : candidates) {
            if (ids.size() == max) {
                break;
            }
            ids.add(e.traceId());
        }
        return List.copyOf(ids);
    }

    static List<VectorSelector> selectors(Expr e, List<VectorSelector> out) {
        switch (e) {
            case VectorSelector v -> out.add(v);
            case MatrixSelector m -> out.add(m.selector());
            case SubqueryExpr s -> selectors(s.expr(), out);
            case ParenExpr p -> selectors(p.expr(), out);
            case UnaryExpr u -> selectors(u.expr(), out);
            case BinaryExpr b -> {
                selectors(b.lhs(), out);
                selectors(b.rhs(), out);
            }
            case AggregateExpr a -> {
                selectors(a.expr(), out);
                if (a.param() != null) {
                    selectors(a.param(), out);
                }
            }
            case Call c -> c.args().forEach(arg -> selectors(arg, out));
            case NumberLiteral n -> {
            }
            case StringLiteral s -> {
            }
        }
        return out;
    }
}
