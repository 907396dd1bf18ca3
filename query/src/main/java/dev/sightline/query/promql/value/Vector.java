package dev.sightline.query.promql.value;

import java.util.List;

/** An instant vector; order is meaningful only after sorting functions. */
public record Vector(List<Sample> samples) implements Value {
    public static final Vector EMPTY = new Vector(List.of());
}
