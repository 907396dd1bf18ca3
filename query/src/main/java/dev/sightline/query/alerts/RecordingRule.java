package dev.sightline.query.alerts;

import dev.sightline.query.promql.ast.Expr;
import java.util.Map;

/**
 * A recording rule. Sightline evaluates it and reports its health, but does not yet write its result back to
 * the metric store (the store has no append path outside the WAL-backed ingest path).
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
