package dev.sightline.query.promql.ast;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints an expression in Prometheus' canonical single-line form (what {@code format_query} returns). */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr e) {
        return switch (e) {
            case NumberLiteral n -> formatNumber(n.value());
            case StringLiteral s -> quote(s.value());
            case VectorSelector v -> selector(v) + modifiers(v.at(), v.offsetMs());
            case MatrixSelector m -> selector(m.selector()) + "[" + Durations.format(m.rangeMs()) + "]"
                    + modifiers(m.selector().at(), m.selector().offsetMs());
            case SubqueryExpr s -> print(s.expr()) + subquerySuffix(s);
            case ParenExpr p -> "(" + print(p.expr()) + ")";
            case UnaryExpr u -> (u.negate() ? "-" : "+") + print(u.expr());
            case BinaryExpr b -> print(b.lhs()) + " " + b.op().symbol() + (b.returnBool() ? " bool" : "")
                    + matching(b.matching()) + " " + print(b.rhs());
            case AggregateExpr a -> aggregate(a);
            case Call c -> c.name() + "(" + String.join(", ", c.args().stream().map(Printer::print).toList()) + ")";
        };
    }

    /** {@code [range:step]} and the modifiers of a subquery. */
    static String subquerySuffix(SubqueryExpr s) {
        return "[" + Durations.format(s.rangeMs()) + ":" + (s.stepMs() == 0 ? "" : Durations.format(s.stepMs())) + "]"
                + modifiers(s.at(), s.offsetMs());
    }

    private static String aggregate(AggregateExpr a) {
        StringBuilder sb = new StringBuilder(a.op().text());
        if (a.without()) {
            sb.append(" without (").append(String.join(", ", a.grouping())).append(") ");
        } else if (!a.grouping().isEmpty()) {
            sb.append(" by (").append(String.join(", ", a.grouping())).append(") ");
        }
        sb.append('(');
        if (a.param() != null) {
            sb.append(print(a.param())).append(", ");
        }
        return sb.append(print(a.expr())).append(')').toString();
    }

    static String matching(VectorMatching vm) {
        if (vm == null || (vm.matchingLabels().isEmpty() && !vm.on())) {
            return "";
        }
        String s = " " + (vm.on() ? "on" : "ignoring") + " (" + String.join(", ", vm.matchingLabels()) + ")";
        if (vm.card() == VectorMatching.Cardinality.MANY_TO_ONE || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY) {
            s += " group_" + (vm.card() == VectorMatching.Cardinality.MANY_TO_ONE ? "left" : "right")
                    + " (" + String.join(", ", vm.include()) + ")";
        }
        return s;
    }

    private static String selector(VectorSelector v) {
        List<String> parts = new ArrayList<>();
        for (Matcher m : v.matchers()) {
            if (v.name() != null && m.name().equals(Labels.METRIC_NAME) && m.type() == MatchType.EQUAL
                    && m.value().equals(v.name())) {
                continue;
            }
            parts.add(m.name() + m.type().symbol() + quote(m.value()));
        }
        String name = v.name() == null ? "" : v.name();
        if (parts.isEmpty()) {
            return name.isEmpty() ? "{}" : name;
        }
        return name + "{" + String.join(", ", parts) + "}";
    }

    private static String modifiers(AtModifier at, long offset) {
        String s = "";
        if (at != null) {
            s = switch (at.kind()) {
                case START -> " @ start()";
                case END -> " @ end()";
                case TIMESTAMP -> String.format(Locale.ROOT, " @ %.3f", at.timestampMs() / 1000.0);
            };
        }
        if (offset > 0) {
            s += " offset " + Durations.format(offset);
        } else if (offset < 0) {
            s += " offset -" + Durations.format(-offset);
        }
        return s;
    }

    /** Go's {@code %v} for float64: shortest form, exponent when below 1e-4 or at least 1e6. */
    public static String formatNumber(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(v));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String digits = bd.unscaledValue().abs().toString().replaceAll("0+$", "");
            if (digits.isEmpty()) {
                digits = "0";
            }
            String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String e = String.format(Locale.ROOT, "%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
            return (v < 0 ? "-" : "") + mant + "e" + e;
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    /** Go's {@code strconv.Quote}-style double-quoted string. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
