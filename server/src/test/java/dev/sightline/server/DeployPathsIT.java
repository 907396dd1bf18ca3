package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP path the deploy files send to the query port (probes, health checks, scrape annotations, the CI
 * smoke test) answers 200 on the real, ready server.
 */
class DeployPathsIT {
    @TempDir
    Path data;

    @Test
    void everyPathTheDeployFilesUseAnswers() throws Exception {
        TreeSet<String> paths = DeployFiles.queryPaths();
        assertThat(paths).contains("/healthz", "/readyz", "/metrics");
        try (InProcessServer s = InProcessServer.start(data)) {
            for (String path : paths) {
                TestHttp.Response r = TestHttp.get(s.query(path));
                assertThat(r.status()).as("GET " + path + " (used in deploy/ or .github/workflows)").isEqualTo(200);
            }
        }
    }
}
