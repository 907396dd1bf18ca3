package dev.sightline.query.promql.parser;

/** Decodes PromQL string literals: double/single quotes with Go escapes, backquotes raw. */
final class StringLiterals {
    private static final ThreadLocal<Integer> LAST_LENGTH = ThreadLocal.withInitial(() -> 0);

    private StringLiterals() {
    }

    static int lastLength() {
        return LAST_LENGTH.get();
    }

    /** Decodes the literal starting at {@code start}; {@link #lastLength()} then gives its source length. */
    static String scan(String in, int start) {
        char q = in.charAt(start);
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= in.length()) {
                throw new ParseException(in, start, "unterminated quoted string");
            }
            char c = in.charAt(i);
            if (c == q) {
                LAST_LENGTH.set(i + 1 - start);
                return sb.toString();
            }
            if (q != '`' && c == '\n') {
                throw new ParseException(in, start, "unterminated quoted string");
            }
            if (c == '\\' && q != '`') {
                i = escape(in, i + 1, q, sb, start);
                continue;
            }
            sb.append(c);
            i++;
        }
    }

    private static int escape(String in, int i, char q, StringBuilder sb, int start) {
        if (i >= in.length()) {
            throw new ParseException(in, start, "unterminated quoted string");
        }
        char c = in.charAt(i);
        switch (c) {
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'v' -> sb.append('\u000b');
            case '\\' -> sb.append('\\');
            case 'x' -> {
                return bytes(in, i - 1, sb, start);
            }
            case 'u' -> {
                return hex(in, i + 1, 4, sb, start, false);
            }
            case 'U' -> {
                return hex(in, i + 1, 8, sb, start, false);
            }
            default -> {
                if (c == q) {
                    sb.append(c);
                } else if (c >= '0' && c <= '7') {
                    return bytes(in, i - 1, sb, start);
                } else {
                    throw new ParseException(in, i - 1, "unknown escape sequence '" + c + "'");
                }
            }
        }
        return i + 1;
    }

    /**
     * Decodes a run of byte escapes ({@code \\xHH}, {@code \\OOO}) starting at the backslash {@code i} as UTF-8,
     * invalid sequences becoming U+FFFD (as Go would keep them as invalid bytes).
     */
    private static int bytes(String in, int i, StringBuilder sb, int start) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        while (i + 1 < in.length() && in.charAt(i) == '\\') {
            char c = in.charAt(i + 1);
            if (c == 'x' && i + 4 <= in.length()) {
                try {
                    buf.write(Integer.parseInt(in.substring(i + 2, i + 4), 16));
                } catch (NumberFormatException e) {
                    throw new ParseException(in, i, "invalid escape sequence");
                }
                i += 4;
            } else if (c >= '0' && c <= '7' && i + 4 <= in.length()) {
                try {
                    buf.write(Integer.parseInt(in.substring(i + 1, i + 4), 8));
                } catch (NumberFormatException e) {
                    throw new ParseException(in, i, "invalid escape sequence");
                }
                i += 4;
            } else {
                break;
            }
        }
        sb.append(new String(buf.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
        return i;
    }

    private static int hex(String in, int i, int n, StringBuilder sb, int start, boolean isByte) {
        if (i + n > in.length()) {
            throw new ParseException(in, start, "unterminated quoted string");
        }
        int cp;
        try {
            cp = Integer.parseInt(in.substring(i, i + n), 16);
        } catch (NumberFormatException e) {
            throw new ParseException(in, i - 2, "invalid escape sequence");
        }
        sb.appendCodePoint(cp);
        return i + n;
    }
}
