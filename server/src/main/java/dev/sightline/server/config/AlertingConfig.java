package dev.sightline.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Alerting rules.
 *
 * @param rulesDir the folder of Prometheus rule files ({@code *.yml}, {@code *.yaml}); a missing folder has no
 *     rules; relative paths resolve against the working folder
 * @param evaluationInterval how often a rule group without its own {@code interval} is evaluated
 * @param externalUrl Sightline's URL as users reach it, for {@code $externalURL} in templates
 */
public record AlertingConfig(Path rulesDir, Duration evaluationInterval, String externalUrl) {
    public AlertingConfig {
        if (rulesDir == null || rulesDir.toString().isEmpty()) {
            throw new IllegalArgumentException("alerting.rules_dir must not be empty");
        }
        if (evaluationInterval == null || evaluationInterval.toMillis() < 1) {
            throw new IllegalArgumentException("alerting.evaluation_interval must be at least 1ms, got "
                    + (evaluationInterval == null ? "nothing" : PrometheusDuration.format(evaluationInterval)));
        }
        if (externalUrl == null) {
            externalUrl = "";
        }
        if (!externalUrl.isEmpty() && !externalUrl.startsWith("http://") && !externalUrl.startsWith("https://")) {
            throw new IllegalArgumentException("alerting.external_url must be an http(s) URL, got \""
                    + externalUrl + "\"");
        }
        while (externalUrl.endsWith("/")) {
            externalUrl = externalUrl.substring(0, externalUrl.length() - 1);
        }
    }

    public static AlertingConfig defaults() {
        return new AlertingConfig(Path.of("./rules"), Duration.ofMinutes(1), "");
    }
}
