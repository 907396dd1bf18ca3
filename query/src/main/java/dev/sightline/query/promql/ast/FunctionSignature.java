package dev.sightline.query.promql.ast;

import java.util.List;

/**
 * A function's name, argument types and return type; {@code variadic} is the number of optional trailing
 * arguments (-1 for unbounded), as in Prometheus' function table.
 */
public record FunctionSignature(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {
}
