package dev.sightline.query.promql.value;

import java.util.List;

/** A range vector, or the result of a range query. */
public record Matrix(List<RangeSeries> series) implements Value {
}
