package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.value.Value;
import java.util.List;

/** A query's value with the annotations Prometheus reports as {@code warnings} and {@code infos}. */
public record QueryResult(Value value, List<String> warnings, List<String> infos, long samplesLoaded) {
}
