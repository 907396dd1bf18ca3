package dev.sightline.query.alerts;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.storage.Labels;
import java.util.List;

/** Finds trace IDs that explain an alert: added to its annotations as {@code evidence_trace_ids}. */
@FunctionalInterface
public interface Evidence {
    Evidence NONE = (expr, labels, mint, maxt) -> List.of();

    /**
     * @param expr the rule's expression
     * @param labels the alert's result series labels (before the rule's labels), without {@code __name__}
     * @return up to a few trace IDs, most recent first
     */
    List<String> traceIds(Expr expr, Labels labels, long mint, long maxt);

    /**
     * A few log lines that explain the alert, newest first (log rules); none by default.
     *
     * @param ts the evaluation time, epoch ms
     */
    default List<String> logLines(Expr expr, Labels labels, long ts) {
        return List.of();
    }
}
