package dev.sightline.query.promql.value;

/** A PromQL value. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
}
