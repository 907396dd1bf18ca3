package dev.sightline.alerting.notify;

/**
 * One webhook notification waiting for its receiver's 2xx: persisted until acknowledged, refused (4xx) or given
 * up on after the receiver's {@code max_attempts}. Immutable; a retry replaces it.
 *
 * @param id unique and increasing within the data folder
 * @param receiver the receiver's name (its URL, token and secret are looked up when sending)
 * @param groupKey the aggregation group's key, for logs
 * @param body the JSON payload, signed when sent
 * @param attempts attempts made so far
 * @param nextAttemptAt when it may be sent (epoch ms by the notifier's clock)
 */
record Notification(long id, String receiver, String groupKey, String body, int attempts, long nextAttemptAt) {
    Notification retried(long at) {
        return new Notification(id, receiver, groupKey, body, attempts + 1, at);
    }
}
