package dev.sightline.query.promql.functions;

/**
 * Where a range function is evaluated: the evaluation time {@code evalTime} (ms) and the selected window
 * (rangeStart, rangeEnd] in ms, with its length.
 */
public record Window(long evalTime, long rangeStart, long rangeEnd) {
    public double rangeSeconds() {
        return (rangeEnd - rangeStart) / 1000.0;
    }
}
