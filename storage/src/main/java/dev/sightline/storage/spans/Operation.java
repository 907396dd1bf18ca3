package dev.sightline.storage.spans;

/** An operation: a span name and the span kind it was seen with ("" when unspecified, as Jaeger shows it). */
public record Operation(String name, String spanKind) {
}
