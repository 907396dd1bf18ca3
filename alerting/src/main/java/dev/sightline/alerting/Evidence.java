package dev.sightline.alerting;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.storage.model.Labels;
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

    /** Both kinds of evidence for one alert at evaluation time {@code ts} (epoch ms). */
    record Found(List<String> traceIds, List<String> logLines) {
        public static final Found NONE = new Found(List.of(), List.of());
    }

    /**
     * Trace IDs from the {@code windowMs} before {@code ts}, and log lines; implementations that derive both from
     * one search override this to search once.
     */
    default Found find(Expr expr, Labels labels, long ts, long windowMs) {
        return new Found(traceIds(expr, labels, ts - windowMs, ts), logLines(expr, labels, ts));
    }
}
