package dev.sightline.query.promql.value;

public record StringValue(String value) implements Value {
}
