package dev.sightline.alerting.notify;

import java.net.URI;
import java.time.Duration;

/**
 * A webhook receiver from {@code receivers.yaml} in the rules folder.
 *
 * @param name the receiver's name, sent as {@code receiver}
 * @param url where the payload is POSTed; http or https
 * @param timeout per request
 * @param maxAttempts how many times a notification is sent before it is dropped (5xx and timeouts are retried)
 * @param initialBackoff the first retry's delay; each next one doubles (up to 32×), plus up to 50% jitter
 * @param bearerToken sent as {@code Authorization: Bearer ...} unless empty
 * @param hmacSecret when set, {@code X-Sightline-Signature: sha256=<hex HMAC-SHA256 of the body>} is sent
 * @param sendResolved whether resolved alerts are sent (Alertmanager's webhook default: true)
 */
public record Receiver(String name, URI url, Duration timeout, int maxAttempts, Duration initialBackoff,
        String bearerToken, String hmacSecret, boolean sendResolved) {
}
