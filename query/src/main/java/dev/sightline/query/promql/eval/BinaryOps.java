package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.BinaryOp;
import dev.sightline.query.promql.ast.VectorMatching.Cardinality;
import dev.sightline.query.promql.ast.VectorMatching;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between scalars and instant vectors, with vector matching. */
final class BinaryOps {
    private BinaryOps() {
    }

    static Value eval(BinaryExpr b, Value l, Value r) {
        BinaryOp op = b.op();
        if (l instanceof Scalar ls && r instanceof Scalar rs) {
            double v = arith(op, ls.value(), rs.value());
            if (op.isComparison()) {
                v = compare(op, ls.value(), rs.value()) ? 1 : 0;
            }
            return new Scalar(v);
        }
        if (l instanceof Vector lv && r instanceof Scalar rs) {
            return scalarOp(op, lv, rs.value(), false, b.returnBool());
        }
        if (l instanceof Scalar ls && r instanceof Vector rv) {
            return scalarOp(op, rv, ls.value(), true, b.returnBool());
        }
        Vector lv = (Vector) l;
        Vector rv = (Vector) r;
        VectorMatching m = b.matching() != null ? b.matching()
                : new VectorMatching(op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE,
                        List.of(), false, List.of());
        return switch (op) {
            case AND -> and(lv, rv, m, false);
            case UNLESS -> and(lv, rv, m, true);
            case OR -> or(lv, rv, m);
            default -> vectorOp(op, lv, rv, m, b.returnBool());
        };
    }

    static boolean compare(BinaryOp op, double a, double b) {
        return switch (op) {
            case EQL -> a == b;
            case NEQ -> a != b;
            case GTR -> a > b;
            case LSS -> a < b;
            case GTE -> a >= b;
            case LTE -> a <= b;
            default -> throw new IllegalArgumentException(op.symbol());
        };
    }

    static double arith(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MOD -> a % b;
            case ATAN2 -> Math.atan2(a, b);
            default -> a;
        };
    }

    private static Vector scalarOp(BinaryOp op, Vector v, double scalar, boolean swap, boolean returnBool) {
        List<Sample> out = new ArrayList<>(v.samples().size());
        for (Sample s : v.samples()) {
            double lf = swap ? scalar : s.value();
            double rf = swap ? s.value() : scalar;
            if (op.isComparison()) {
                boolean keep = compare(op, lf, rf);
                if (returnBool) {
                    out.add(s.dropping(keep ? 1 : 0));
                } else if (keep) {
                    out.add(s);
                }
            } else {
                out.add(s.dropping(arith(op, lf, rf)));
            }
        }
        return new Vector(out);
    }

    /** The matching signature of {@code l}: the on-labels, or all labels but the ignored ones and the name. */
    static Labels signature(Labels l, VectorMatching m) {
        if (m.on()) {
            return l.keep(m.matchingLabels());
        }
        Set<String> drop = new HashSet<>(m.matchingLabels());
        drop.add(Labels.METRIC_NAME);
        return l.without(drop);
    }

    private static Vector and(Vector l, Vector r, VectorMatching m, boolean unless) {
        Set<Labels> right = new HashSet<>();
        for (Sample s : r.samples()) {
            right.add(signature(s.labels(), m));
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : l.samples()) {
            if (right.contains(signature(s.labels(), m)) != unless) {
                out.add(s);
            }
        }
        return new Vector(out);
    }

    private static Vector or(Vector l, Vector r, VectorMatching m) {
        Set<Labels> left = new HashSet<>();
        List<Sample> out = new ArrayList<>(l.samples());
        for (Sample s : l.samples()) {
            left.add(signature(s.labels(), m));
        }
        for (Sample s : r.samples()) {
            if (!left.contains(signature(s.labels(), m))) {
                out.add(s);
            }
        }
        return new Vector(out);
    }

    private static Vector vectorOp(BinaryOp op, Vector lhs, Vector rhs, VectorMatching m, boolean returnBool) {
        if (lhs.samples().isEmpty() || rhs.samples().isEmpty()) {
            return Vector.EMPTY;
        }
        boolean swapped = m.card() == Cardinality.ONE_TO_MANY;
        List<Sample> many = swapped ? rhs.samples() : lhs.samples();
        List<Sample> one = swapped ? lhs.samples() : rhs.samples();
        Map<Labels, Sample> oneSigs = new HashMap<>();
        for (Sample s : one) {
            Labels sig = signature(s.labels(), m);
            Sample dup = oneSigs.put(sig, s);
            if (dup != null) {
                String side = swapped ? "left" : "right";
                Labels matched = m.on() ? s.labels().keep(m.matchingLabels())
                        : s.labels().without(m.matchingLabels());
                throw QueryException.execution("found duplicate series for the match group " + matched + " on the "
                        + side + " hand-side of the operation: [" + dup.labels() + ", " + s.labels()
                        + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Map<Labels, Set<Labels>> matched = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        for (Sample ls : many) {
            Labels sig = signature(ls.labels(), m);
            Sample rs = oneSigs.get(sig);
            if (rs == null) {
                continue;
            }
            if (m.card() == Cardinality.ONE_TO_ONE) {
                if (matched.containsKey(sig)) {
                    throw QueryException.execution(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
                matched.put(sig, Set.of());
            }
            double fl = swapped ? rs.value() : ls.value();
            double fr = swapped ? ls.value() : rs.value();
            double value;
            if (op.isComparison()) {
                boolean keep = compare(op, fl, fr);
                if (returnBool) {
                    value = keep ? 1 : 0;
                } else if (!keep) {
                    continue;
                } else {
                    value = fl;
                }
            } else {
                value = arith(op, fl, fr);
            }
            Labels metric = resultMetric(ls.labels(), rs.labels(), m);
            Set<Labels> inserted = matched.get(sig);
            if (m.card() != Cardinality.ONE_TO_ONE) {
                if (inserted == null) {
                    inserted = new HashSet<>();
                    matched.put(sig, inserted);
                } else if (inserted.contains(metric)) {
                    throw QueryException.execution(
                            "multiple matches for labels: grouping labels must ensure unique matches");
                }
                inserted.add(metric);
            }
            boolean drop = returnBool || !op.isComparison() || ls.dropName();
            out.add(new Sample(metric, value, drop));
        }
        return new Vector(out);
    }

    private static Labels resultMetric(Labels lhs, Labels rhs, VectorMatching m) {
        Labels out = lhs;
        if (m.card() == Cardinality.ONE_TO_ONE) {
            out = m.on() ? lhs.keep(m.matchingLabels()) : lhs.without(m.matchingLabels());
        }
        if (!m.include().isEmpty()) {
            Map<String, String> map = out.toMap();
            for (String name : m.include()) {
                String v = rhs.get(name);
                if (v.isEmpty()) {
                    map.remove(name);
                } else {
                    map.put(name, v);
                }
            }
            out = Labels.fromMap(map);
        }
        return out;
    }
}
