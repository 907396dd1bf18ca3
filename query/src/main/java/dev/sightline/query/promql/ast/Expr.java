package dev.sightline.query.promql.ast;

/** A PromQL expression. {@link #toString()} prints it in Prometheus' canonical form. */
public sealed interface Expr permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, SubqueryExpr,
        ParenExpr, UnaryExpr, BinaryExpr, AggregateExpr, Call {

    ValueType type();
}
