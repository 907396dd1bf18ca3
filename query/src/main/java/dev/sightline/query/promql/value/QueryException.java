package dev.sightline.query.promql.value;

/** An evaluation error carrying Prometheus' error type (execution, timeout, ...). */
public final class QueryException extends RuntimeException {
    private final ErrorType type;

    public QueryException(ErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    public static QueryException execution(String message) {
        return new QueryException(ErrorType.EXECUTION, message);
    }
}
