package dev.sightline.query.promql.ast;

/** {@code lhs op [bool] [on/ignoring(...)] [group_x(...)] rhs}; {@code matching} is null unless both are vectors. */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
        implements Expr {
    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
