package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
    private static final RuleLoader LOADER = new RuleLoader(60_000);

    @TempDir
    Path dir;

    @Test
    void loadsPrometheusRuleFiles() throws Exception {
        Files.writeString(dir.resolve("api.yml"), """
                groups:
                  - name: api
                    interval: 30s
                    rules:
                      - record: job:errors:rate5m
                        expr: sum by (job) (rate(errors_total[5m]))
                      - alert: HighErrors
                        expr: job:errors:rate5m > 1
                        for: 5m
                        keep_firing_for: 2m
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.job }} has {{ $value | humanize }} errors/s"
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a rule file");
        List<RuleGroup> groups = LOADER.loadFolder(dir);
        assertThat(groups).hasSize(1);
        RuleGroup g = groups.getFirst();
        assertThat(g.name()).isEqualTo("api");
        assertThat(g.file()).isEqualTo(dir.resolve("api.yml").toString());
        assertThat(g.intervalMs()).isEqualTo(30_000);
        assertThat(g.rules()).hasSize(2);
        assertThat(g.rules().get(0)).isInstanceOf(RecordingRule.class);
        AlertingRule a = (AlertingRule) g.rules().get(1);
        assertThat(a.name()).isEqualTo("HighErrors");
        assertThat(a.forMs()).isEqualTo(300_000);
        assertThat(a.keepFiringForMs()).isEqualTo(120_000);
        assertThat(a.labels()).containsEntry("severity", "page");
        assertThat(a.annotations()).containsKey("summary");
    }

    @Test
    void defaultIntervalAndMissingFolder() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n");
        assertThat(LOADER.loadFolder(dir).getFirst().intervalMs()).isEqualTo(60_000);
        assertThat(LOADER.loadFolder(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void badExpressionNamesFileLineAndRule() throws IOException {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, """
                groups:
                  - name: api
                    rules:
                      - alert: Fine
                        expr: up == 0
                      - alert: Broken
                        expr: sum(rate(x[5m])
                """);
        assertThatThrownBy(() -> LOADER.loadFolder(dir)).isInstanceOfSatisfying(RuleLoadException.class,
                e -> assertThat(e.errors()).singleElement().asString()
                        .startsWith(f + ":6: group \"api\": rule \"Broken\": could not parse expression: ")
                        .contains("parse error"));
    }

    @Test
    void unknownTemplateFunctionAndDuplicateRuleName() throws IOException {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, """
                groups:
                  - name: api
                    rules:
                      - alert: A
                        expr: up == 0
                        annotations:
                          summary: "{{ $value | humanise }}"
                      - alert: B
                        expr: up == 0
                      - alert: B
                        expr: up == 1
                """);
        assertThatThrownBy(() -> LOADER.loadFolder(dir)).isInstanceOfSatisfying(RuleLoadException.class,
                e -> assertThat(e.errors()).containsExactly(
                        f + ":4: group \"api\": rule \"A\": annotations \"summary\": template: function \"humanise\" not defined",
                        f + ":10: group \"api\": rule \"B\": duplicate rule name in the group"));
    }

    @Test
    void yamlSyntaxErrorsAndUnknownFields() throws IOException {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        fro: 5m\n");
        Path g = dir.resolve("worse.yml");
        Files.writeString(g, "groups:\n  - name: [unclosed\n");
        assertThatThrownBy(() -> LOADER.loadFolder(dir)).isInstanceOfSatisfying(RuleLoadException.class, e -> {
            assertThat(e.errors()).hasSize(2);
            assertThat(e.errors().get(0)).isEqualTo(f + ":4: group \"g\": rule \"A\": field fro not found in type rulefmt.Rule");
            assertThat(e.errors().get(1)).startsWith(g + ":");
        });
    }

    @Test
    void recordAndAlertTogetherAreRejected() throws IOException {
        Files.writeString(dir.resolve("bad.yml"),
                "groups:\n  - name: g\n    rules:\n      - alert: A\n        record: r\n        expr: up\n");
        assertThatThrownBy(() -> LOADER.loadFolder(dir))
                .hasMessageContaining("exactly one of 'record' and 'alert' must be set");
    }
}
