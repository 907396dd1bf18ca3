package dev.sightline.query.promql.ast;

import dev.sightline.storage.model.Matcher;
import java.util.List;

/** {@code name{matchers} offset d @ t}; {@code at} is null when absent. */
public record VectorSelector(String name, List<Matcher> matchers, long offsetMs, AtModifier at) implements Expr {
    public VectorSelector {
        matchers = List.copyOf(matchers);
    }

    public VectorSelector withModifiers(long offset, AtModifier newAt) {
        return new VectorSelector(name, matchers, offset, newAt);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
