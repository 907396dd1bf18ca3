package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The page's trace model (tree order, critical path, summaries, formats) through Node's test runner:
 * {@code ui/src/test/browser/model.test.mjs}. Needs only node; skipped with a message without it.
 */
class PageModelTest {
    private static final Path BROWSER_DIR = Path.of(System.getProperty("sightline.browser.dir", "../ui/src/test/browser"));

    @Test
    void pageModelScriptsPass() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("node", "--test", "--test-reporter=tap", "model.test.mjs")
                    .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("node is not on the PATH: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
        assertThat(p.exitValue()).as("node --test model.test.mjs:\n%s", out).isZero();
        assertThat(out).contains("# fail 0");
    }
}
