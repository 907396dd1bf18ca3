package dev.sightline.query.promql.ast;

import java.util.List;

public record Call(FunctionSignature function, List<Expr> args) implements Expr {
    public Call {
        args = List.copyOf(args);
    }

    public String name() {
        return function.name();
    }

    @Override
    public ValueType type() {
        return function.returnType();
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
