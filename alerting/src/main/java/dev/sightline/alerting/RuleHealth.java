package dev.sightline.alerting;

/**
 * A rule's last evaluation, as {@code /api/v1/rules} reports it.
 *
 * @param health {@code unknown} before the first evaluation, then {@code ok} or {@code err}
 * @param lastError the error of the last evaluation, or ""
 * @param lastEvaluation epoch ms of the last evaluation, 0 before the first
 * @param evaluationSeconds how long the last evaluation took
 */
public record RuleHealth(String health, String lastError, long lastEvaluation, double evaluationSeconds) {
    public static final RuleHealth UNKNOWN = new RuleHealth("unknown", "", 0, 0);
}
