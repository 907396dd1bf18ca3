package dev.sightline.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.query.promql.ast.BinaryExpr;
import dev.sightline.query.promql.ast.BinaryOp;
import dev.sightline.query.promql.ast.Durations;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.query.promql.value.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromqlParserTest {
    private static double eval(String q) {
        return ((Scalar) new Engine(new InMemorySeriesSource(), QueryLimits.DEFAULT).instant(q, 0).value()).value();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2 ^ 3 ^ 2 | 512",
        "-2 ^ 2 | -4",
        "1 + 2 * 3 | 7",
        "1 - 2 - 3 | -4",
        "8 / 2 / 2 | 2",
        "2 * 3 % 4 | 2",
        "0x1F + 1e1 + .5 | 41.5",
        "1h30m | 5400",
        "100ms * 10 | 1",
        "1 < bool 2 == bool 1 | 1",
        "0 * 2 + 1 atan2 1 | 0.7853981633974483",
    })
    void precedenceAndAssociativity(String query, double want) {
        assertThat(eval(query)).isEqualTo(want);
    }

    @Test
    void setOperatorsBindLooserThanComparisons() {
        Expr e = Parser.parse("a or b and c unless d > e");
        assertThat(e).isInstanceOf(BinaryExpr.class);
        BinaryExpr or = (BinaryExpr) e;
        assertThat(or.op()).isEqualTo(BinaryOp.OR);
        BinaryExpr unless = (BinaryExpr) or.rhs();
        assertThat(unless.op()).isEqualTo(BinaryOp.UNLESS);
        assertThat(((BinaryExpr) unless.lhs()).op()).isEqualTo(BinaryOp.AND);
        assertThat(((BinaryExpr) unless.rhs()).op()).isEqualTo(BinaryOp.GTR);
    }

    @Test
    void selectorsWithAllMatcherTypesAndQuotedNames() {
        VectorSelector v = (VectorSelector) Parser.parse("{\"my.metric\", a=\"1\", b!=\"2\", c=~'x.*', d!~`y\\d`}");
        assertThat(v.name()).isEqualTo("my.metric");
        assertThat(v.matchers()).hasSize(5);
        assertThat(v.matchers().get(4).matches("y1")).isFalse();
        assertThat(v.matchers().get(3).matches("axb")).isFalse(); // anchored
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sum by(job)(rate(foo{a=\"b\"}[5m] offset 1h30m)) | sum by (job) (rate(foo{a=\"b\"}[5m] offset 1h30m))",
        "foo @ start() offset -5m | foo @ start() offset -5m",
        "foo offset 5m @ 100 | foo @ 100.000 offset 5m",
        "rate(foo[1m:])[5m:30s] | rate(foo[1m:])[5m:30s]",
        "a + ignoring(b) group_left(c) d | a + ignoring (b) group_left (c) d",
        "topk(3, x) by (y) | topk by (y) (3, x)",
        "1e6 + 0.0001 + 1e-5 | 1e+06 + 0.0001 + 1e-05",
        "\"a\\nb\" | \"a\\nb\"",
        "-foo | -foo",
    })
    void printsCanonicalForm(String query, String printed) {
        assertThat(Parser.parse(query).toString()).isEqualTo(printed);
        assertThat(Parser.parse(printed).toString()).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(1 | 1:3: parse error: unclosed left parenthesis",
        "1) | 1:2: parse error: unexpected right parenthesis ')'",
        "foo{ | 1:5: parse error: unexpected end of input inside braces",
        "1 and 1 | 1:3: parse error: set operator \"and\" not allowed in binary scalar expression",
        "1 == 1 | 1:3: parse error: comparisons between scalars must use BOOL modifier",
        "{} | 1:1: parse error: vector selector must contain at least one non-empty matcher",
        "rate(foo) | 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
        "foo(1) | 1:1: parse error: unknown function with name \"foo\"",
        "foo offset 5m offset 1m | 1:15: parse error: offset may not be set multiple times",
        "foo[1m][2m] | 1:8: parse error: ranges only allowed for vector selectors",
        "sum(up) + | 1:10: parse error: unexpected end of input",
        "'' | 1:1: parse error: no expression found in input",
    })
    void errorsNamePositionAndReason(String query, String message) {
        String q = query.equals("''") ? "" : query;
        assertThatThrownBy(() -> Parser.parse(q)).isInstanceOf(ParseException.class).hasMessage(message);
    }

    @Test
    void prettyPrintsLongQueriesOverLines() {
        String q = "sum by (job, instance) (rate(http_requests_total{job=\"api-server\", handler=\"/api/v1/query\"}[5m]))"
                + " / on (job) group_left () sum by (job) (up)";
        assertThat(dev.sightline.query.promql.ast.PrettyPrinter.pretty(Parser.parse(q))).isEqualTo(
                "  sum by (job, instance) (rate(http_requests_total{job=\"api-server\", handler=\"/api/v1/query\"}[5m]))\n"
                + "/ on (job) group_left ()\n"
                + "  sum by (job) (up)");
        assertThat(dev.sightline.query.promql.ast.PrettyPrinter.pretty(Parser.parse("sum(up)"))).isEqualTo("sum(up)");
    }

    @Test
    void errorsCountLinesAndColumns() {
        assertThatThrownBy(() -> Parser.parse("sum(\n  foo +\n)")).hasMessage("3:1: parse error: unexpected \")\"");
    }

    @Test
    void labelReplaceAcceptsGoNamedGroups() {
        var source = new InMemorySeriesSource();
        source.add(dev.sightline.storage.model.Labels.of("__name__", "up", "instance", "host-1:9100"), 0, 1);
        var v = (dev.sightline.query.promql.value.Vector) new Engine(source, QueryLimits.DEFAULT).instant(
                "label_replace(up, \"host\", \"$name\", \"instance\", \"(?P<name>[^:]+):.*\")", 0).value();
        assertThat(v.samples().get(0).labels().get("host")).isEqualTo("host-1");
    }

    @Test
    void durationsRoundTrip() {
        assertThat(Durations.parse("1y2w3d4h5m6s7ms")).isEqualTo(
                365L * 86_400_000 + 14L * 86_400_000 + 3L * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6_000 + 7);
        assertThat(Durations.format(5_400_000)).isEqualTo("1h30m");
        assertThat(Durations.parse("5m1h")).isEqualTo(-1);
    }
}
