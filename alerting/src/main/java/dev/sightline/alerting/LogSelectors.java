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
import dev.sightline.storage.logs.LogQueryException;
import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Log selectors in rule expressions: {@code {__logs__="<Lucene query>"}[<window>]} is the series of log records
 * matching the query, one sample of value 1 per record at its time, so
 * {@code count_over_time({__logs__="severity:ERROR AND service:checkout"}[5m]) > 10} counts matching records over
 * the window and compares. The expression stays valid PromQL, so {@code promtool check rules} accepts the file.
 * A label starting with {@code __} is reserved in Prometheus, so no stored series can collide. Stateless.
 */
final class LogSelectors {
    /** The matcher label naming a log query. */
    static final String LABEL = "__logs__";

    /** One log selector of an expression: the query and the window it is read over. */
    record LogSelector(String query, long rangeMs) {
    }

    private LogSelectors() {
    }

    /**
     * The log selectors of {@code expr}, checked.
     *
     * @throws IllegalArgumentException naming the selector and the reason when one is not of the form
     *     {@code {__logs__="query"}[window]} or its query does not parse
     */
    static List<LogSelector> of(Expr expr) {
        List<LogSelector> out = new ArrayList<>();
        walk(expr, false, out);
        return out;
    }

    static boolean isLogSelector(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.name().equals(LABEL)) {
                return true;
            }
        }
        return false;
    }

    private static void walk(Expr e, boolean inRange, List<LogSelector> out) {
        switch (e) {
            case VectorSelector v -> {
                if (!isLogSelector(v.matchers())) {
                    return;
                }
                if (!inRange) {
                    throw new IllegalArgumentException("log selector " + v + " needs a window: write it as a range, "
                            + "e.g. count_over_time(" + v + "[5m])");
                }
                if (v.matchers().size() != 1 || v.matchers().getFirst().type() != MatchType.EQUAL) {
                    throw new IllegalArgumentException("log selector " + v + " must have exactly one matcher, "
                            + LABEL + "=\"<query>\" (filter inside the Lucene query instead)");
                }
                if (v.offsetMs() != 0 || v.at() != null) {
                    throw new IllegalArgumentException("log selector " + v + " does not support offset or @");
                }
                String q = v.matchers().getFirst().value();
                try {
                    LogReader.validate(q);
                } catch (LogQueryException ex) {
                    throw new IllegalArgumentException("log query \"" + q + "\": " + ex.getMessage());
                }
                out.add(new LogSelector(q, 0));
            }
            case MatrixSelector m -> {
                int before = out.size();
                walk(m.selector(), true, out);
                if (out.size() > before) {
                    out.set(before, new LogSelector(out.get(before).query(), m.rangeMs()));
                }
            }
            case SubqueryExpr s -> walk(s.expr(), false, out);
            case ParenExpr p -> walk(p.expr(), inRange, out);
            case UnaryExpr u -> walk(u.expr(), false, out);
            case BinaryExpr b -> {
                walk(b.lhs(), false, out);
                walk(b.rhs(), false, out);
            }
            case AggregateExpr a -> {
                walk(a.expr(), false, out);
                if (a.param() != null) {
                    walk(a.param(), false, out);
                }
            }
            case Call c -> c.args().forEach(arg -> walk(arg, false, out));
            case NumberLiteral n -> {
            }
            case StringLiteral s -> {
            }
        }
    }
}
