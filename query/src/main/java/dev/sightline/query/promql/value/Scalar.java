package dev.sightline.query.promql.value;

public record Scalar(double value) implements Value {
}
