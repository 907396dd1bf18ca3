package dev.sightline.query.promql.parser;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AggregateOp;
import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.FunctionSignature;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.NumberLiteral;
import dev.sightline.query.promql.ast.ParenExpr;
import dev.sightline.query.promql.ast.StringLiteral;
import dev.sightline.query.promql.ast.SubqueryExpr;
import dev.sightline.query.promql.ast.UnaryExpr;
import dev.sightline.query.promql.ast.ValueType;
import dev.sightline.query.promql.ast.VectorSelector;
import java.util.Map;

/** Prometheus' {@code checkAST}: argument counts and types, operator operand types. */
final class TypeChecker {
    private final String input;
    private final Map<Expr, Integer> positions;

    private TypeChecker(String input, Map<Expr, Integer> positions) {
        this.input = input;
        this.positions = positions;
    }

    static void check(String input, Expr e, Map<Expr, Integer> positions) {
        new TypeChecker(input, positions).visit(e);
    }

    private ParseException error(Expr e, String reason) {
        return new ParseException(input, positions.getOrDefault(e, 0), reason);
    }

    private void expect(Expr e, ValueType want, String context) {
        if (e.type() != want) {
            throw error(e, "expected type " + want.text() + " in " + context + ", got " + e.type().text());
        }
    }

    private void visit(Expr e) {
        switch (e) {
            case NumberLiteral n -> { }
            case StringLiteral s -> { }
            case VectorSelector v -> { }
            case MatrixSelector m -> { }
            case ParenExpr p -> visit(p.expr());
            case SubqueryExpr s -> {
                visit(s.expr());
                if (s.expr().type() != ValueType.VECTOR) {
                    throw error(s, "subquery is only allowed on instant vector, got " + s.expr().type().text()
                            + " instead");
                }
            }
            case UnaryExpr u -> {
                visit(u.expr());
                if (u.expr().type() != ValueType.SCALAR && u.expr().type() != ValueType.VECTOR) {
                    throw error(u, "unary expression only allowed on expressions of type scalar or instant vector, got \""
                            + u.expr().type().text() + "\"");
                }
            }
            case BinaryExpr b -> binary(b);
            case AggregateExpr a -> {
                visit(a.expr());
                if (a.param() != null) {
                    visit(a.param());
                    ValueType want = a.op() == AggregateOp.COUNT_VALUES ? ValueType.STRING : ValueType.SCALAR;
                    expect(a.param(), want, "aggregation parameter");
                }
                expect(a.expr(), ValueType.VECTOR, "aggregation expression");
            }
            case Call c -> call(c);
        }
    }

    private void binary(BinaryExpr b) {
        visit(b.lhs());
        visit(b.rhs());
        ValueType l = b.lhs().type();
        ValueType r = b.rhs().type();
        boolean ok = (l == ValueType.SCALAR || l == ValueType.VECTOR) && (r == ValueType.SCALAR || r == ValueType.VECTOR);
        if (!ok) {
            throw error(b, "binary expression must contain only scalar and instant vector types");
        }
        if (b.returnBool() && !b.op().isComparison()) {
            throw error(b, "bool modifier can only be used on comparison operators");
        }
        if (b.op().isComparison() && !b.returnBool() && l == ValueType.SCALAR && r == ValueType.SCALAR) {
            throw error(b, "comparisons between scalars must use BOOL modifier");
        }
        if (b.op().isSetOperator() && (l == ValueType.SCALAR || r == ValueType.SCALAR)) {
            throw error(b, "set operator \"" + b.op().symbol() + "\" not allowed in binary scalar expression");
        }
        boolean hasMatching = b.matching() != null && (b.matching().on() || !b.matching().matchingLabels().isEmpty()
                || !b.matching().include().isEmpty()
                || b.matching().card() == dev.sightline.query.promql.ast.VectorMatching.Cardinality.MANY_TO_ONE
                || b.matching().card() == dev.sightline.query.promql.ast.VectorMatching.Cardinality.ONE_TO_MANY);
        if (hasMatching && (l != ValueType.VECTOR || r != ValueType.VECTOR)) {
            throw error(b, "vector matching only allowed between instant vectors");
        }
    }

    private void call(Call c) {
        for (Expr a : c.args()) {
            visit(a);
        }
        FunctionSignature f = c.function();
        int nargs = f.argTypes().size();
        int n = c.args().size();
        if (f.variadic() == 0) {
            if (nargs != n) {
                throw error(c, "expected " + nargs + " argument(s) in call to \"" + f.name() + "\", got " + n);
            }
        } else {
            int na = nargs - 1;
            if (na > n) {
                throw error(c, "expected at least " + na + " argument(s) in call to \"" + f.name() + "\", got " + n);
            } else if (f.variadic() > 0 && na + f.variadic() < n) {
                throw error(c, "expected at most " + (na + f.variadic()) + " argument(s) in call to \"" + f.name()
                        + "\", got " + n);
            }
        }
        for (int k = 0; k < n; k++) {
            int idx = k;
            if (k >= nargs) {
                if (f.variadic() != -1) {
                    break;
                }
                idx = nargs - 1;
            }
            expect(c.args().get(k), f.argTypes().get(idx), "call to function \"" + f.name() + "\"");
        }
    }
}
