package dev.sightline.alerting;

import dev.sightline.query.promql.ast.Expr;
import java.util.Map;

/**
 * A recording rule: its result is written back under the record name with the rule's labels
 * ({@link RuleOutputs}, through the rule manager's {@link SeriesWriter}).
 */
public final class RecordingRule implements Rule {
    private final String name;
    private final String query;
    private final Expr expr;
    private final Map<String, String> labels;
    private volatile RuleHealth health = RuleHealth.UNKNOWN;

    RecordingRule(String name, String query, Expr expr, Map<String, String> labels) {
        this.name = name;
        this.query = query;
        this.expr = expr;
        this.labels = Map.copyOf(labels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public Expr expr() {
        return expr;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public RuleHealth health() {
        return health;
    }

    void health(RuleHealth h) {
        health = h;
    }
}
