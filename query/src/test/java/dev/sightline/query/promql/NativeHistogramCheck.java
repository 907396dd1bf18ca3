package dev.sightline.query.promql;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.ParenExpr;
import dev.sightline.query.promql.ast.SubqueryExpr;
import dev.sightline.query.promql.ast.UnaryExpr;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.parser.Parser;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import java.util.Set;

/** Whether a query selects a series the script loaded with native-histogram samples (to label failures). */
final class NativeHistogramCheck {
    private NativeHistogramCheck() {
    }

    static boolean touches(String query, Set<Labels> nativeSeries) {
        if (nativeSeries.isEmpty()) {
            return false;
        }
        try {
            return walk(Parser.parse(query), nativeSeries);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean walk(Expr e, Set<Labels> ns) {
        return switch (e) {
            case VectorSelector v -> ns.stream().anyMatch(l -> v.matchers().stream()
                    .allMatch((Matcher m) -> m.matches(l.get(m.name()))));
            case MatrixSelector m -> walk(m.selector(), ns);
            case SubqueryExpr s -> walk(s.expr(), ns);
            case ParenExpr p -> walk(p.expr(), ns);
            case UnaryExpr u -> walk(u.expr(), ns);
            case BinaryExpr b -> walk(b.lhs(), ns) || walk(b.rhs(), ns);
            case AggregateExpr a -> walk(a.expr(), ns);
            case Call c -> c.args().stream().anyMatch(a -> walk(a, ns));
            default -> false;
        };
    }
}
