package dev.sightline.query.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.model.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesSelectorParserTest {
    private static List<String> parse(String s) {
        return SeriesSelectorParser.parse(s).stream().map(Matcher::toString).toList();
    }

    @Test
    void selectorsAsPrometheusWritesThem() {
        assertThat(parse("up")).containsExactly("__name__=\"up\"");
        assertThat(parse(" up { job = \"api\" , instance=~'a.*' , } ")).containsExactly("__name__=\"up\"",
                "job=\"api\"", "instance=~\"a.*\"");
        assertThat(parse("{__name__=~\"http_.*\",code!=\"200\",path!~`/health.*`}")).containsExactly(
                "__name__=~\"http_.*\"", "code!=\"200\"", "path!~\"/health.*\"");
        assertThat(parse("node:cpu:rate5m{mode=\"idle\"}")).first().isEqualTo("__name__=\"node:cpu:rate5m\"");
        assertThat(SeriesSelectorParser.parse("x{a=\"q\\\"\\n\\u00e9\"}").get(1).value()).isEqualTo("q\"\né");
        assertThat(parse("{\"service.name\"=\"checkout\"}")).containsExactly("service.name=\"checkout\"");
    }

    @Test
    void errorsSayWhereAndWhy() {
        assertThatThrownBy(() -> SeriesSelectorParser.parse("up{job=")).hasMessageContaining("1:8: parse error")
                .hasMessageContaining("expected a quoted string");
        assertThatThrownBy(() -> SeriesSelectorParser.parse("up{job~\"x\"}"))
                .hasMessageContaining("expected a matcher operator");
        assertThatThrownBy(() -> SeriesSelectorParser.parse("{job=~\".*\"}"))
                .hasMessageContaining("at least one non-empty matcher");
        assertThatThrownBy(() -> SeriesSelectorParser.parse("{job=~\"(\"}"))
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> SeriesSelectorParser.parse("up extra")).hasMessageContaining("after the selector");
        assertThatThrownBy(() -> SeriesSelectorParser.parse("up{job=\"x")).hasMessageContaining("unterminated");
    }
}
