package dev.sightline.query.promql.parser;

/** A syntax or type error, formatted as Prometheus does: {@code <line>:<col>: parse error: <reason>}. */
public final class ParseException extends RuntimeException {
    private final int position;
    private final String reason;

    public ParseException(String input, int position, String reason) {
        super(format(input, position, reason));
        this.position = position;
        this.reason = reason;
    }

    public int position() {
        return position;
    }

    public String reason() {
        return reason;
    }

    private static String format(String input, int pos, String reason) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(pos, input.length()); i++) {
            if (input.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (pos - lineStart + 1) + ": parse error: " + reason;
    }
}
