package dev.sightline.query.promql.parser;

import dev.sightline.query.promql.parser.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL string into tokens; comments ({@code # ...}) and whitespace are skipped. */
final class Lexer {
    private final String in;
    private int pos;
    private int bracketDepth;
    private final List<Token> out = new ArrayList<>();

    private Lexer(String in) {
        this.in = in;
    }

    static List<Token> lex(String input) {
        Lexer l = new Lexer(input);
        l.run();
        return l.out;
    }

    private ParseException error(int at, String reason) {
        return new ParseException(in, at, reason);
    }

    private void run() {
        while (true) {
            skipSpace();
            if (pos >= in.length()) {
                out.add(new Token(Kind.EOF, "", pos));
                return;
            }
            int start = pos;
            char c = in.charAt(pos);
            if (Character.isDigit(c) || (c == '.' && pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1)))) {
                number();
            } else if (Character.isLetter(c) || c == '_' || (c == ':' && bracketDepth == 0)) {
                identifier();
            } else if (c == '"' || c == '\'' || c == '`') {
                out.add(new Token(Kind.STRING, StringLiterals.scan(in, pos), start));
                pos += StringLiterals.lastLength();
            } else {
                symbol(c, start);
            }
        }
    }

    private void skipSpace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void symbol(char c, int start) {
        String two = pos + 1 < in.length() ? in.substring(pos, pos + 2) : "";
        Kind k2 = switch (two) {
            case "==" -> Kind.EQLC;
            case "!=" -> Kind.NEQ;
            case "<=" -> Kind.LTE;
            case ">=" -> Kind.GTE;
            case "=~" -> Kind.EQL_REGEX;
            case "!~" -> Kind.NEQ_REGEX;
            default -> null;
        };
        if (k2 != null) {
            out.add(new Token(k2, two, start));
            pos += 2;
            return;
        }
        Kind k = switch (c) {
            case '(' -> Kind.LEFT_PAREN;
            case ')' -> Kind.RIGHT_PAREN;
            case '{' -> Kind.LEFT_BRACE;
            case '}' -> Kind.RIGHT_BRACE;
            case '[' -> Kind.LEFT_BRACKET;
            case ']' -> Kind.RIGHT_BRACKET;
            case ',' -> Kind.COMMA;
            case ':' -> Kind.COLON;
            case '@' -> Kind.AT;
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            case '%' -> Kind.MOD;
            case '^' -> Kind.POW;
            case '<' -> Kind.LSS;
            case '>' -> Kind.GTR;
            case '=' -> Kind.ASSIGN;
            default -> throw error(start, "unexpected character: '" + c + "'");
        };
        if (k == Kind.LEFT_BRACKET) {
            bracketDepth++;
        } else if (k == Kind.RIGHT_BRACKET) {
            bracketDepth = Math.max(0, bracketDepth - 1);
        }
        out.add(new Token(k, String.valueOf(c), start));
        pos++;
    }

    private void identifier() {
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || (c == ':' && bracketDepth == 0)) {
                pos++;
            } else {
                break;
            }
        }
        String word = in.substring(start, pos);
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("nan")) {
            out.add(new Token(Kind.NUMBER, word, start));
        } else {
            out.add(new Token(Kind.IDENT, word, start));
        }
    }

    private void number() {
        int start = pos;
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            while (pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
                pos++;
            }
            out.add(new Token(Kind.NUMBER, in.substring(start, pos), start));
            return;
        }
        // A duration: digits followed by units, possibly repeated (1h30m, 500ms).
        int p = pos;
        while (p < in.length() && (Character.isLetterOrDigit(in.charAt(p)))) {
            p++;
        }
        String word = in.substring(start, p);
        if (word.chars().anyMatch(Character::isLetter) && dev.sightline.query.promql.ast.Durations.parse(word) >= 0
                && !word.matches("\\d+[eE]\\d*")) {
            pos = p;
            out.add(new Token(Kind.DURATION, word, start));
            return;
        }
        while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
            pos++;
        }
        if (pos < in.length() && in.charAt(pos) == '.') {
            pos++;
            while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                pos++;
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            int q = pos + 1;
            if (q < in.length() && (in.charAt(q) == '+' || in.charAt(q) == '-')) {
                q++;
            }
            if (q < in.length() && Character.isDigit(in.charAt(q))) {
                pos = q;
                while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                    pos++;
                }
            }
        }
        if (pos < in.length() && (Character.isLetter(in.charAt(pos)) || in.charAt(pos) == '_')) {
            int q = pos;
            while (q < in.length() && Character.isLetterOrDigit(in.charAt(q))) {
                q++;
            }
            throw error(start, "bad number or duration syntax: \"" + in.substring(start, q) + "\"");
        }
        out.add(new Token(Kind.NUMBER, in.substring(start, pos), start));
    }
}
