package dev.sightline.query.promql.parser;

import dev.sightline.query.promql.ast.Expr;
import java.util.Map;

/**
 * A parsed query with the source offset of each node (by identity), for annotations that name a position
 * as Prometheus does ({@code (1:5)}).
 */
public record ParsedQuery(Expr expr, String input, Map<Expr, Integer> positions) {
    /** A query without source positions (every node reports 1:1). */
    public static ParsedQuery of(Expr expr) {
        return new ParsedQuery(expr, "", Map.of());
    }

    /** {@code line:column} (1-based) of {@code node} in the input. */
    public String position(Expr node) {
        int pos = positions.getOrDefault(node, 0);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(pos, input.length()); i++) {
            if (input.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (pos - lineStart + 1);
    }
}
