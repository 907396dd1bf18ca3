package dev.sightline.query.promql.ast;

/** {@code expr[range:step] offset d @ t}; {@code stepMs} is 0 for the default step, {@code at} may be null. */
public record SubqueryExpr(Expr expr, long rangeMs, long stepMs, long offsetMs, AtModifier at) implements Expr {
    public SubqueryExpr withModifiers(long offset, AtModifier newAt) {
        return new SubqueryExpr(expr, rangeMs, stepMs, offset, newAt);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
