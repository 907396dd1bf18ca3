package dev.sightline.query.promql.parser;

import dev.sightline.query.promql.ast.AggregateExpr;
import dev.sightline.query.promql.ast.AggregateOp;
import dev.sightline.query.promql.ast.AtModifier;
import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.BinaryOp;
import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.Durations;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.FunctionSignature;
import dev.sightline.query.promql.ast.Functions;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.NumberLiteral;
import dev.sightline.query.promql.ast.ParenExpr;
import dev.sightline.query.promql.ast.StringLiteral;
import dev.sightline.query.promql.ast.SubqueryExpr;
import dev.sightline.query.promql.ast.UnaryExpr;
import dev.sightline.query.promql.ast.VectorMatching;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.parser.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Recursive-descent PromQL parser with precedence climbing for binary operators. */
public final class Parser {
    private final String input;
    private final List<Token> tokens;
    private int i;

    private Parser(String input) {
        this.input = input;
        this.tokens = Lexer.lex(input);
    }

    /** Parses and type-checks {@code input}; throws {@link ParseException} naming position and reason. */
    public static Expr parse(String input) {
        return parseWithPositions(input).expr();
    }

    /** As {@link #parse}, keeping each node's source position. */
    public static ParsedQuery parseWithPositions(String input) {
        Parser p = new Parser(input);
        if (p.peek().is(Kind.EOF)) {
            throw new ParseException(input, 0, "no expression found in input");
        }
        Expr e = p.expr(0);
        if (p.peek().is(Kind.RIGHT_PAREN)) {
            throw p.error(p.peek().pos(), "unexpected right parenthesis ')'");
        }
        if (p.peek().is(Kind.RIGHT_BRACKET)) {
            throw p.error(p.peek().pos(), "unexpected right bracket ']'");
        }
        if (p.peek().is(Kind.RIGHT_BRACE)) {
            throw p.error(p.peek().pos(), "unexpected right brace '}'");
        }
        if (!p.peek().is(Kind.EOF)) {
            throw p.unexpected(p.peek(), null);
        }
        TypeChecker.check(input, e, p.positions);
        return new ParsedQuery(e, input, p.positions);
    }

    /** Source positions of nodes, for type errors. */
    final java.util.IdentityHashMap<Expr, Integer> positions = new java.util.IdentityHashMap<>();

    private Token peek() {
        return tokens.get(i);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(i);
        if (i < tokens.size() - 1) {
            i++;
        }
        return t;
    }

    ParseException error(int pos, String reason) {
        return new ParseException(input, pos, reason);
    }

    private ParseException unexpected(Token t, String expected) {
        String s = "unexpected " + t.describe();
        if (expected != null) {
            s += ", expected " + expected;
        }
        return error(t.pos(), s);
    }

    private Token expect(Kind k, String context) {
        Token t = next();
        if (t.is(Kind.EOF) && k == Kind.RIGHT_PAREN) {
            throw error(t.pos(), "unclosed left parenthesis");
        }
        if (t.is(Kind.EOF) && k == Kind.RIGHT_BRACKET) {
            throw error(t.pos(), "unclosed left bracket");
        }
        if (!t.is(k)) {
            throw unexpected(t, context);
        }
        return t;
    }

    private <E extends Expr> E at(int pos, E e) {
        positions.put(e, pos);
        return e;
    }

    private BinaryOp binaryOp(Token t) {
        return switch (t.kind()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case EQLC -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case LTE -> BinaryOp.LTE;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case GTR -> BinaryOp.GTR;
            case IDENT -> switch (t.text().toLowerCase(Locale.ROOT)) {
                case "and" -> BinaryOp.AND;
                case "or" -> BinaryOp.OR;
                case "unless" -> BinaryOp.UNLESS;
                case "atan2" -> BinaryOp.ATAN2;
                default -> null;
            };
            default -> null;
        };
    }

    private Expr expr(int minPrec) {
        Expr lhs = unary();
        while (true) {
            Token opTok = peek();
            BinaryOp op = binaryOp(opTok);
            if (op == null || op.precedence() < minPrec) {
                return lhs;
            }
            next();
            boolean returnBool = false;
            if (peek().isIdent("bool")) {
                next();
                returnBool = true;
            }
            VectorMatching matching = matching(op);
            Expr rhs = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
            lhs = at(opTok.pos(), new BinaryExpr(op, lhs, rhs, matching, returnBool));
        }
    }

    private VectorMatching matching(BinaryOp op) {
        VectorMatching.Cardinality card = op.isSetOperator()
                ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE;
        List<String> labels = List.of();
        boolean on = false;
        boolean given = false;
        if (peek().isIdent("on") || peek().isIdent("ignoring")) {
            on = next().isIdent("on");
            labels = labelList();
            given = true;
        }
        List<String> include = List.of();
        if (peek().isIdent("group_left") || peek().isIdent("group_right")) {
            Token g = next();
            if (op.isSetOperator()) {
                throw error(g.pos(), "no grouping allowed for \"" + op.symbol() + "\" operation");
            }
            card = g.isIdent("group_left") ? VectorMatching.Cardinality.MANY_TO_ONE
                    : VectorMatching.Cardinality.ONE_TO_MANY;
            if (peek().is(Kind.LEFT_PAREN)) {
                include = labelList();
            }
            for (String l : include) {
                if (labels.contains(l) && on) {
                    throw error(g.pos(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
            given = true;
        }
        return new VectorMatching(card, labels, on, include);
    }

    private List<String> labelList() {
        expect(Kind.LEFT_PAREN, "\"(\"");
        List<String> out = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            Token t = next();
            if (t.is(Kind.IDENT)) {
                if (!t.text().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw unexpected(t, "label");
                }
                out.add(t.text());
            } else if (t.is(Kind.STRING)) {
                out.add(t.text());
            } else {
                throw error(t.pos(), "unexpected " + t.describe() + " in grouping opts, expected label");
            }
            if (peek().is(Kind.COMMA)) {
                next();
            } else if (!peek().is(Kind.RIGHT_PAREN)) {
                Token u = peek();
                throw error(u.pos(), "unexpected " + u.describe() + " in grouping opts, expected \")\" or \",\"");
            }
        }
        next();
        return out;
    }

    private Expr unary() {
        Token t = peek();
        if (t.is(Kind.SUB) || t.is(Kind.ADD)) {
            next();
            Expr operand = expr(BinaryOp.POW.precedence());
            if (operand instanceof NumberLiteral n) {
                return at(t.pos(), new NumberLiteral(t.is(Kind.SUB) ? -n.value() : n.value()));
            }
            return at(t.pos(), new UnaryExpr(t.is(Kind.SUB), operand));
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is(Kind.LEFT_BRACKET)) {
                e = bracket(e);
            } else if (t.isIdent("offset")) {
                next();
                boolean neg = false;
                if (peek().is(Kind.SUB)) {
                    next();
                    neg = true;
                } else if (peek().is(Kind.ADD)) {
                    next();
                }
                long d = duration("offset");
                e = withOffset(t, e, neg ? -d : d);
            } else if (t.is(Kind.AT)) {
                next();
                e = withAt(t, e, atModifier());
            } else {
                return e;
            }
        }
    }

    private AtModifier atModifier() {
        Token t = next();
        if (t.isIdent("start") || t.isIdent("end")) {
            expect(Kind.LEFT_PAREN, "\"(\"");
            expect(Kind.RIGHT_PAREN, "\")\"");
            return new AtModifier(t.isIdent("start") ? AtModifier.Kind.START : AtModifier.Kind.END, 0);
        }
        boolean neg = false;
        if (t.is(Kind.SUB) || t.is(Kind.ADD)) {
            neg = t.is(Kind.SUB);
            t = next();
        }
        if (!t.is(Kind.NUMBER) && !t.is(Kind.DURATION)) {
            throw error(t.pos(), "unexpected " + t.describe() + " in @, expected timestamp");
        }
        double v = (t.is(Kind.DURATION) ? Durations.parse(t.text()) / 1000.0 : NumberParser.parse(t.text()))
                * (neg ? -1 : 1);
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) * 1000 > Long.MAX_VALUE) {
            throw error(t.pos(), "timestamp out of bounds for @ modifier: " + v);
        }
        return new AtModifier(AtModifier.Kind.TIMESTAMP, Math.round(v * 1000));
    }

    private Expr withOffset(Token t, Expr e, long offset) {
        Expr inner = e;
        return switch (inner) {
            case VectorSelector v when v.offsetMs() == 0 && !offsetSeen(v) -> mark(at(positions.getOrDefault(e, t.pos()),
                    v.withModifiers(offset, v.at())));
            case MatrixSelector m when m.selector().offsetMs() == 0 && !offsetSeen(m.selector()) -> mark(at(
                    positions.getOrDefault(e, t.pos()), new MatrixSelector(m.selector().withModifiers(offset,
                    m.selector().at()), m.rangeMs())));
            case SubqueryExpr s when s.offsetMs() == 0 && !offsetSeen(s) -> mark(at(positions.getOrDefault(e, t.pos()),
                    s.withModifiers(offset, s.at())));
            case VectorSelector v -> throw error(t.pos(), "offset may not be set multiple times");
            case MatrixSelector m -> throw error(t.pos(), "offset may not be set multiple times");
            case SubqueryExpr s -> throw error(t.pos(), "offset may not be set multiple times");
            default -> throw error(t.pos(),
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    private final java.util.Set<Expr> offsetSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private boolean offsetSeen(Expr e) {
        return offsetSet.contains(e);
    }

    private Expr mark(Expr e) {
        offsetSet.add(e);
        if (e instanceof MatrixSelector m) {
            offsetSet.add(m.selector());
        }
        return e;
    }

    private Expr withAt(Token t, Expr e, AtModifier at) {
        Integer pos = positions.getOrDefault(e, t.pos());
        boolean seen = offsetSeen(e);
        Expr out = switch (e) {
            case VectorSelector v when v.at() == null -> v.withModifiers(v.offsetMs(), at);
            case MatrixSelector m when m.selector().at() == null -> new MatrixSelector(
                    m.selector().withModifiers(m.selector().offsetMs(), at), m.rangeMs());
            case SubqueryExpr s when s.at() == null -> s.withModifiers(s.offsetMs(), at);
            case VectorSelector v -> throw error(t.pos(), "@ <timestamp> may not be set multiple times");
            case MatrixSelector m -> throw error(t.pos(), "@ <timestamp> may not be set multiple times");
            case SubqueryExpr s -> throw error(t.pos(), "@ <timestamp> may not be set multiple times");
            default -> throw error(t.pos(),
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
        at(pos, out);
        if (seen) {
            mark(out);
        }
        return out;
    }

    private Expr bracket(Expr e) {
        Token open = next();
        long range = duration("range");
        if (peek().is(Kind.COLON)) {
            next();
            long step = 0;
            if (!peek().is(Kind.RIGHT_BRACKET)) {
                step = duration("subquery step");
            }
            expect(Kind.RIGHT_BRACKET, "\"]\"");
            if (range == 0) {
                throw error(open.pos(), "duration must be greater than 0");
            }
            return at(positions.getOrDefault(e, open.pos()), new SubqueryExpr(e, range, step, 0, null));
        }
        Token close = next();
        if (close.is(Kind.EOF)) {
            throw error(close.pos(), "unclosed left bracket");
        }
        if (!close.is(Kind.RIGHT_BRACKET)) {
            throw error(close.pos(), "unexpected " + close.describe() + " in subquery or range selector, expected \"]\" or \":\"");
        }
        if (!(e instanceof VectorSelector v) || offsetSeen(e) || v.at() != null) {
            if (e instanceof VectorSelector) {
                throw error(open.pos(), "no offset or @ modifiers allowed before range");
            }
            throw error(open.pos(), "ranges only allowed for vector selectors");
        }
        if (range == 0) {
            throw error(open.pos(), "duration must be greater than 0");
        }
        return at(positions.getOrDefault(e, open.pos()), new MatrixSelector(v, range));
    }

    /** A duration, or a number of seconds, in milliseconds. */
    private long duration(String context) {
        Token t = next();
        if (t.is(Kind.DURATION)) {
            return Durations.parse(t.text());
        }
        if (t.is(Kind.NUMBER)) {
            double v = NumberParser.parse(t.text());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw error(t.pos(), "invalid " + context + " duration: " + t.text());
            }
            return Math.round(v * 1000);
        }
        throw error(t.pos(), "unexpected " + t.describe() + " in " + context + ", expected duration");
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                next();
                return at(t.pos(), new NumberLiteral(NumberParser.parse(t.text())));
            }
            case DURATION -> {
                next();
                return at(t.pos(), new NumberLiteral(Durations.parse(t.text()) / 1000.0));
            }
            case STRING -> {
                next();
                return at(t.pos(), new StringLiteral(t.text()));
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = expr(0);
                expect(Kind.RIGHT_PAREN, "\")\"");
                return at(t.pos(), new ParenExpr(inner));
            }
            case LEFT_BRACE -> {
                return at(t.pos(), SelectorParser.selector(this, null, t.pos()));
            }
            case IDENT -> {
                return identifierExpr(t);
            }
            case EOF -> throw error(t.pos(), "unexpected end of input");
            default -> throw unexpected(t, null);
        }
    }

    private Expr identifierExpr(Token t) {
        next();
        String word = t.text();
        AggregateOp agg = AggregateOp.byName(word);
        if (agg != null && (peek().is(Kind.LEFT_PAREN) || peek().isIdent("by") || peek().isIdent("without"))) {
            return at(t.pos(), aggregate(agg, t));
        }
        if (peek().is(Kind.LEFT_PAREN)) {
            FunctionSignature f = Functions.get(word);
            if (f == null) {
                throw error(t.pos(), "unknown function with name \"" + word + "\"");
            }
            return at(t.pos(), call(f));
        }
        if (binaryOp(t) != null || t.isIdent("by") || t.isIdent("without") || t.isIdent("offset")
                || t.isIdent("bool") || t.isIdent("on") || t.isIdent("ignoring") || t.isIdent("group_left")
                || t.isIdent("group_right")) {
            throw unexpected(t, null);
        }
        if (agg != null) {
            throw error(peek().pos(), "unexpected " + peek().describe() + " in aggregation, expected \"(\"");
        }
        return at(t.pos(), SelectorParser.selector(this, word, t.pos()));
    }

    private Call call(FunctionSignature f) {
        expect(Kind.LEFT_PAREN, "\"(\"");
        List<Expr> args = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            args.add(expr(0));
            if (peek().is(Kind.COMMA)) {
                next();
                if (peek().is(Kind.RIGHT_PAREN)) {
                    throw unexpected(peek(), "expression");
                }
            } else if (peek().is(Kind.EOF)) {
                throw error(peek().pos(), "unclosed left parenthesis");
            } else if (!peek().is(Kind.RIGHT_PAREN)) {
                throw error(peek().pos(), "unexpected " + peek().describe() + " in function call, expected \",\" or \")\"");
            }
        }
        next();
        return new Call(f, args);
    }

    private AggregateExpr aggregate(AggregateOp op, Token t) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean given = false;
        if (peek().isIdent("by") || peek().isIdent("without")) {
            without = next().isIdent("without");
            grouping = labelList();
            given = true;
        }
        expect(Kind.LEFT_PAREN, "\"(\"");
        List<Expr> args = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            args.add(expr(0));
            if (peek().is(Kind.COMMA)) {
                next();
            } else if (peek().is(Kind.EOF)) {
                throw error(peek().pos(), "unclosed left parenthesis");
            } else if (!peek().is(Kind.RIGHT_PAREN)) {
                throw error(peek().pos(), "unexpected " + peek().describe() + " in aggregation, expected \",\" or \")\"");
            }
        }
        Token close = next();
        if (!given && (peek().isIdent("by") || peek().isIdent("without"))) {
            without = next().isIdent("without");
            grouping = labelList();
        }
        int want = op.hasParam() ? 2 : 1;
        if (args.size() != want) {
            if (args.isEmpty()) {
                throw error(close.pos(), "unexpected \")\" in aggregation, expected expression");
            }
            throw error(t.pos(), "wrong number of arguments for aggregate expression provided, expected " + want
                    + ", got " + args.size());
        }
        Expr param = op.hasParam() ? args.get(0) : null;
        Expr body = args.get(args.size() - 1);
        return new AggregateExpr(op, body, param, grouping, without, given);
    }

    Token nextToken() {
        return next();
    }

    Token peekToken() {
        return peek();
    }

    ParseException unexpectedToken(Token t, String expected) {
        return unexpected(t, expected);
    }
}
