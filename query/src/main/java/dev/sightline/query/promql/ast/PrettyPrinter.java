package dev.sightline.query.promql.ast;

import java.util.List;

/**
 * Prometheus' {@code Pretty}: an expression whose one-line form exceeds 100 characters is split over lines,
 * children indented by two spaces (what {@code /api/v1/format_query} returns).
 */
public final class PrettyPrinter {
    static final int MAX_CHARACTERS_PER_LINE = 100;

    private PrettyPrinter() {
    }

    public static String pretty(Expr e) {
        return pretty(e, 0);
    }

    private static String indent(int level) {
        return "  ".repeat(level);
    }

    private static boolean needsSplit(Expr e) {
        return Printer.print(e).length() > MAX_CHARACTERS_PER_LINE;
    }

    private static String pretty(Expr e, int level) {
        String in = indent(level);
        if (!(e instanceof UnaryExpr) && !(e instanceof SubqueryExpr) && !needsSplit(e)) {
            return in + Printer.print(e);
        }
        return switch (e) {
            case AggregateExpr a -> {
                String s = in + aggregateOp(a) + "(\n";
                if (a.param() != null) {
                    s += pretty(a.param(), level + 1) + ",\n";
                }
                yield s + pretty(a.expr(), level + 1) + "\n" + in + ")";
            }
            case BinaryExpr b -> pretty(b.lhs(), level + 1) + "\n" + in + b.op().symbol()
                    + (b.returnBool() ? " bool" : "") + Printer.matching(b.matching()) + "\n"
                    + pretty(b.rhs(), level + 1);
            case Call c -> in + c.name() + "(\n" + args(c.args(), level + 1) + "\n" + in + ")";
            case ParenExpr p -> in + "(\n" + pretty(p.expr(), level + 1) + "\n" + in + ")";
            case UnaryExpr u -> in + (u.negate() ? "-" : "+") + pretty(u.expr(), level).strip();
            case SubqueryExpr s -> needsSplit(s) ? pretty(s.expr(), level) + Printer.subquerySuffix(s)
                    : Printer.print(s);
            default -> in + Printer.print(e);
        };
    }

    private static String args(List<Expr> args, int level) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            sb.append(pretty(args.get(i), level));
            if (i + 1 < args.size()) {
                sb.append(",\n");
            }
        }
        return sb.toString();
    }

    private static String aggregateOp(AggregateExpr a) {
        String s = a.op().text();
        if (a.without()) {
            s += " without (" + String.join(", ", a.grouping()) + ") ";
        } else if (!a.grouping().isEmpty()) {
            s += " by (" + String.join(", ", a.grouping()) + ") ";
        }
        return s;
    }
}
