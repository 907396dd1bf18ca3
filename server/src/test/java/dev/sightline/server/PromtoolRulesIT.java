package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.alerting.notify.NotifyConfigLoader;
import dev.sightline.alerting.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example rule files are Prometheus rule files: promtool accepts them, and so does Sightline. */
class PromtoolRulesIT {
    private static final Path EXAMPLES = Path.of("../examples/rules");

    @Test
    void sightlineLoadsTheExamples() throws Exception {
        assertThat(new RuleLoader(60_000).loadFolder(EXAMPLES)).extracting(g -> g.name() + ":" + g.rules().size())
                .containsExactly("checkout:3", "spans:3", "logs:1");
        assertThat(NotifyConfigLoader.loadFolder(EXAMPLES).receivers()).hasSize(2);
    }

    @Test
    void promtoolChecksTheExamples() throws Exception {
        Path promtool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (promtool == null && Files.isExecutable(p)) {
                promtool = p;
            }
        }
        assumeTrue(promtool != null, "skipping: promtool not installed (Debian package prometheus)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules",
                EXAMPLES.resolve("checkout.yml").toString(), EXAMPLES.resolve("spans-and-logs.yml").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("SUCCESS: 3 rules found").contains("SUCCESS: 4 rules found");
    }
}
