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
                return hex(in, i + 1, 2, sb, start, true);
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
                    if (i + 3 > in.length()) {
                        throw new ParseException(in, i - 1, "unknown escape sequence");
                    }
                    sb.append((char) Integer.parseInt(in.substring(i, i + 3), 8));
                    return i + 3;
                } else {
                    throw new ParseException(in, i - 1, "unknown escape sequence '" + c + "'");
                }
            }
        }
        return i + 1;
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
