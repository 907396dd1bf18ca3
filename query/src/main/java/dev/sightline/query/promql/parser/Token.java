package dev.sightline.query.promql.parser;

/** One lexical token: kind, source text and byte offset. */
record Token(Kind kind, String text, int pos) {
    enum Kind {
        IDENT, NUMBER, DURATION, STRING, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET,
        RIGHT_BRACKET, COMMA, COLON, AT, ADD, SUB, MUL, DIV, MOD, POW, EQLC, NEQ, LTE, LSS, GTE, GTR, ASSIGN,
        EQL_REGEX, NEQ_REGEX, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isIdent(String word) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case IDENT -> isKeyword() ? text : "identifier \"" + text + "\"";
            case NUMBER -> "number \"" + text + "\"";
            case DURATION -> "duration \"" + text + "\"";
            case STRING -> "string " + text;
            case LEFT_PAREN -> "\"(\"";
            case RIGHT_PAREN -> "\")\"";
            case LEFT_BRACE -> "\"{\"";
            case RIGHT_BRACE -> "\"}\"";
            case LEFT_BRACKET -> "\"[\"";
            case RIGHT_BRACKET -> "\"]\"";
            case COMMA -> "\",\"";
            case COLON -> "\":\"";
            default -> "\"" + text + "\"";
        };
    }

    private boolean isKeyword() {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
                 "offset", "atan2" -> true;
            default -> false;
        };
    }
}
