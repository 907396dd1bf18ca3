package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.parser.ParsedQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Warnings and infos collected during one evaluation, worded and positioned as Prometheus words them. */
final class Annotations {
    private final ParsedQuery query;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> infos = new LinkedHashSet<>();

    Annotations(ParsedQuery query) {
        this.query = query;
    }

    void warn(String message, Expr at) {
        if (warnings.size() < 100) {
            warnings.add("PromQL warning: " + message + " (" + query.position(at) + ")");
        }
    }

    void info(String message, Expr at) {
        if (infos.size() < 100) {
            infos.add("PromQL info: " + message + " (" + query.position(at) + ")");
        }
    }

    List<String> warnings() {
        return List.copyOf(new ArrayList<>(warnings));
    }

    List<String> infos() {
        return List.copyOf(new ArrayList<>(infos));
    }
}
