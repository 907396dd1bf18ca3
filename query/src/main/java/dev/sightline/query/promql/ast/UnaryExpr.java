package dev.sightline.query.promql.ast;

/** Unary {@code -expr} or {@code +expr}. */
public record UnaryExpr(boolean negate, Expr expr) implements Expr {
    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
