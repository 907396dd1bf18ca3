package dev.sightline.alerting;

import dev.sightline.query.promql.ast.Expr;
import java.util.Map;

/** An alerting or recording rule of a group, with its last evaluation's health. */
public sealed interface Rule permits AlertingRule, RecordingRule {
    String name();

    /** The expression as written in the file. */
    String query();

    Expr expr();

    Map<String, String> labels();

    /** Health, last error, last evaluation time and duration of the last evaluation. */
    RuleHealth health();
}
