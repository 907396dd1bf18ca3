package dev.sightline.query.promql.parser;

import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.parser.Token.Kind;
import dev.sightline.storage.model.InvalidRegexException;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code name{label op "value", ...}} including quoted (UTF-8) names. */
final class SelectorParser {
    private SelectorParser() {
    }

    static VectorSelector selector(Parser p, String name, int pos) {
        List<Matcher> matchers = new ArrayList<>();
        if (p.peekToken().is(Kind.LEFT_BRACE)) {
            p.nextToken();
            while (!p.peekToken().is(Kind.RIGHT_BRACE)) {
                if (p.peekToken().is(Kind.EOF)) {
                    throw p.error(p.peekToken().pos(), "unexpected end of input inside braces");
                }
                Token labelTok = p.nextToken();
                if (labelTok.is(Kind.STRING) && (p.peekToken().is(Kind.COMMA) || p.peekToken().is(Kind.RIGHT_BRACE))) {
                    if (name != null) {
                        throw p.error(labelTok.pos(), "metric name must not be set twice: \"" + name + "\" or \""
                                + labelTok.text() + "\"");
                    }
                    name = labelTok.text();
                } else {
                    if (!labelTok.is(Kind.IDENT) && !labelTok.is(Kind.STRING)) {
                        throw p.error(labelTok.pos(), "unexpected " + labelTok.describe()
                                + " in label matching, expected label");
                    }
                    matchers.add(matcher(p, labelTok));
                }
                if (p.peekToken().is(Kind.COMMA)) {
                    p.nextToken();
                } else if (p.peekToken().is(Kind.EOF)) {
                    throw p.error(p.peekToken().pos(), "unexpected end of input inside braces");
                } else if (!p.peekToken().is(Kind.RIGHT_BRACE)) {
                    Token u = p.peekToken();
                    throw p.error(u.pos(), "unexpected " + u.describe() + " in label matching, expected \",\" or \"}\"");
                }
            }
            p.nextToken();
        }
        List<Matcher> all = new ArrayList<>();
        if (name != null) {
            for (Matcher m : matchers) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    throw p.error(pos, "metric name must not be set twice: \"" + name + "\" or \"" + m.value() + "\"");
                }
            }
            all.add(Matcher.of(MatchType.EQUAL, Labels.METRIC_NAME, name));
        }
        all.addAll(matchers);
        boolean nonEmpty = all.stream().anyMatch(m -> !m.matchesEmpty());
        if (!nonEmpty) {
            throw p.error(pos, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(name, all, 0, null);
    }

    private static Matcher matcher(Parser p, Token labelTok) {
        Token op = p.nextToken();
        MatchType type = switch (op.kind()) {
            case ASSIGN -> MatchType.EQUAL;
            case NEQ -> MatchType.NOT_EQUAL;
            case EQL_REGEX -> MatchType.REGEX;
            case NEQ_REGEX -> MatchType.NOT_REGEX;
            default -> throw p.error(op.pos(), "unexpected " + op.describe()
                    + " in label matching, expected label matching operator");
        };
        Token value = p.nextToken();
        if (!value.is(Kind.STRING)) {
            throw p.error(value.pos(), "unexpected " + value.describe() + " in label matching, expected string");
        }
        try {
            return Matcher.of(type, labelTok.text(), value.text());
        } catch (InvalidRegexException e) {
            throw p.error(value.pos(), "invalid regular expression in label matcher \"" + e.regex() + "\": "
                    + e.reason());
        }
    }
}
