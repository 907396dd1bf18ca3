package dev.sightline.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's shared test data beside the checkout ({@code ../shared}); tests skip with a message without it. */
final class SharedFiles {
    private SharedFiles() {
    }

    static Path require(String relative) {
        String dir = System.getProperty("sightline.shared.dir", "../shared");
        Path p = Path.of(dir).resolve(relative);
        assumeTrue(Files.exists(p), "skipped: " + p.toAbsolutePath().normalize()
                + " is absent (the shared folder beside the checkout holds the OTLP examples)");
        return p;
    }
}
