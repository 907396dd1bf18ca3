package dev.sightline.storage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatcherTest {
    private static final long SEED = Long.getLong("test.seed", System.nanoTime());

    @Test
    void regexesAreAnchoredAndAnAbsentLabelIsEmpty() {
        Labels l = Labels.of("__name__", "up", "job", "api");
        assertThat(Matcher.of(MatchType.REGEX, "job", "a").matches(l)).isFalse();
        assertThat(Matcher.of(MatchType.REGEX, "job", "a.*").matches(l)).isTrue();
        assertThat(Matcher.of(MatchType.REGEX, "job", "API").matches(l)).isFalse();
        assertThat(Matcher.of(MatchType.REGEX, "job", "(?i)API").matches(l)).isTrue();
        assertThat(Matcher.equal("zone", "").matches(l)).isTrue();
        assertThat(Matcher.of(MatchType.NOT_REGEX, "zone", ".+").matches(l)).isTrue();
        assertThat(Matcher.of(MatchType.NOT_EQUAL, "job", "api").matchesEmpty()).isTrue();
        assertThat(Matcher.of(MatchType.REGEX, "job", "a|").matchesEmpty()).isTrue();
        assertThat(Matcher.of(MatchType.REGEX, "job", ".+").matchesEmpty()).isFalse();
        assertThat(Matcher.of(MatchType.REGEX, "msg", "a.b").matches("a\nb")).as("(?s): . matches \\n").isTrue();
        assertThat(Matcher.of(MatchType.REGEX, "msg", "a$\n").matches("a\n")).as("$ is the end, as in RE2")
                .isFalse();
    }

    @Test
    void acceptsGoSyntaxPrometheusAccepts() {
        assertThat(Matcher.of(MatchType.REGEX, "job", "(?P<svc>api)-.*").matches("api-1")).isTrue();
        assertThat(Matcher.of(MatchType.REGEX, "job", "[[:alpha:]]+").matches("api")).isTrue();
        assertThat(Matcher.of(MatchType.REGEX, "job", "[[:alpha:]]+").matches("api1")).isFalse();
        assertThat(Matcher.of(MatchType.REGEX, "job", "\\pL+").matches("äpi")).isTrue();
        LabelRegex.Groups g = LabelRegex.compile("(?P<svc>[a-z]+)-(\\d+)").match("api-12");
        assertThat(g.group("svc")).isEqualTo("api");
        assertThat(g.group(2)).isEqualTo("12");
        assertThat(g.group(3)).isNull();
        assertThat(g.group("nope")).isNull();
        assertThat(LabelRegex.compile("a+").match("b")).isNull();
    }

    @Test
    void refusesWhatRe2RefusesNamingTheRegexAndTheReason() {
        assertThatThrownBy(() -> Matcher.of(MatchType.REGEX, "job", "("))
                .isInstanceOf(InvalidRegexException.class)
                .hasMessage("invalid regular expression \"(\": missing closing )");
        for (String re : new String[] {"(a)\\1", "a(?=b)", "(?<=a)b", "a*+", "a{2,1}"}) {
            assertThatThrownBy(() -> Matcher.of(MatchType.NOT_REGEX, "job", re)).as(re)
                    .isInstanceOfSatisfying(InvalidRegexException.class, e -> {
                        assertThat(e.regex()).isEqualTo(re);
                        assertThat(e.reason()).isNotBlank();
                    });
        }
    }

    @Test
    void aHostileRegexRunsInLinearTime() {
        LabelRegex re = LabelRegex.compile("(a+)+b");
        String value = "a".repeat(50_000) + "c"; // java.util.regex backtracks for ever here
        long start = System.nanoTime();
        assertThat(re.matches(value)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void shortcutsAnswerAsTheAutomatonDoes() {
        String[] parts = {"a", "b", "ab", "", ".*", ".+", "|", "|", "\\.", ".", "\\\\", "*", "x", "\\|", "(", ")",
                "é", "[a]", "?"};
        String[] values = {"", "a", "b", "ab", "ba", "a.b", ".", "x", "\\", "a|b", "aab", "é", "\n", "a\nb", "abab"};
        System.out.println("MatcherTest seed: " + SEED + " (rerun with -Dtest.seed=" + SEED + ")");
        Random rnd = new Random(SEED);
        int compared = 0;
        for (int round = 0; round < 40_000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(5); i >= 0; i--) {
                sb.append(parts[rnd.nextInt(parts.length)]);
            }
            String re = sb.toString();
            Pattern reference;
            try {
                reference = Pattern.compile("^(?s:" + re + ")$");
            } catch (com.google.re2j.PatternSyntaxException e) {
                assertThatThrownBy(() -> LabelRegex.compile(re)).isInstanceOf(InvalidRegexException.class);
                continue;
            }
            LabelRegex compiled = LabelRegex.compile(re);
            for (String v : values) {
                assertThat(compiled.matches(v)).as("/%s/ on \"%s\", seed %d", re, v, SEED)
                        .isEqualTo(reference.matches(v));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(200_000);
    }

    @Test
    void equalityIsTypeNameAndValueAndPrintsAsPromql() {
        assertThat(Matcher.of(MatchType.REGEX, "a", "x.*")).isEqualTo(Matcher.of(MatchType.REGEX, "a", "x.*"))
                .isNotEqualTo(Matcher.of(MatchType.NOT_REGEX, "a", "x.*"));
        assertThat(Matcher.of(MatchType.NOT_EQUAL, "msg", "say \"hi\"\n")).hasToString("msg!=\"say \\\"hi\\\"\\n\"");
    }
}
