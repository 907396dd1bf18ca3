package dev.sightline.query.promql.ast;

import java.util.List;

/**
 * How a vector/vector binary operation matches samples: {@code on}/{@code ignoring} labels and the
 * cardinality with {@code group_left}/{@code group_right} include labels.
 */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on, List<String> include) {
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    public VectorMatching {
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }
}
