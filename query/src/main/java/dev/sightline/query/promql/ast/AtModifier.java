package dev.sightline.query.promql.ast;

/** An {@code @} modifier: a fixed timestamp in ms, or the query's {@code start()} or {@code end()}. */
public record AtModifier(Kind kind, long timestampMs) {
    public enum Kind { TIMESTAMP, START, END }

    /** The evaluation time this modifier pins, given the query's start and end. */
    public long resolve(long start, long end) {
        return switch (kind) {
            case TIMESTAMP -> timestampMs;
            case START -> start;
            case END -> end;
        };
    }
}
