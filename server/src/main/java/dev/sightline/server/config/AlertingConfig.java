package dev.sightline.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Alerting rules, where their alerts go, and how long their history is kept.
 *
 * @param rulesDir the folder of Prometheus rule files ({@code *.yml}, {@code *.yaml}) and {@code receivers.yaml};
 *     a missing folder has no rules; relative paths resolve against the working folder
 * @param evaluationInterval how often a rule group without its own {@code interval} is evaluated
 * @param externalUrl Sightline's URL as users reach it, for {@code $externalURL} in templates
 * @param alertmanagers Alertmanager base URLs (like Prometheus' {@code alerting.alertmanagers}) that alerts are
 *     pushed to ({@code POST <url>/api/v2/alerts}); empty: none
 * @param alertmanagerTimeout per push request
 * @param resendDelay how often firing alerts are pushed again (Prometheus' {@code rules.alert.resend-delay})
 * @param historyRetention how long alert state changes are kept for {@code /api/alerts/history}
 */
public record AlertingConfig(Path rulesDir, Duration evaluationInterval, String externalUrl, List<String> alertmanagers,
        Duration alertmanagerTimeout, Duration resendDelay, Duration historyRetention) {
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
        alertmanagers = alertmanagers == null ? List.of() : List.copyOf(alertmanagers);
        for (String a : alertmanagers) {
            checkHttpUrl(a);
        }
        positive("alerting.alertmanager_timeout", alertmanagerTimeout);
        positive("alerting.resend_delay", resendDelay);
        positive("alerting.history_retention", historyRetention);
    }

    private static void checkHttpUrl(String a) {
        try {
            URI u = new URI(a);
            if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("alerting.alertmanagers must hold http(s) URLs, got \"" + a + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("alerting.alertmanagers must hold http(s) URLs, got \"" + a + "\": "
                    + e.getReason(), e);
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.toMillis() < 1) {
            throw new IllegalArgumentException(key + " must be at least 1ms, got "
                    + (d == null ? "nothing" : PrometheusDuration.format(d)));
        }
    }

    public static AlertingConfig defaults() {
        return new AlertingConfig(Path.of("./rules"), Duration.ofMinutes(1), "", List.of(), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofDays(30));
    }
}
