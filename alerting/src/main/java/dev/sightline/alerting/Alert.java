package dev.sightline.alerting;

import dev.sightline.storage.model.Labels;
import java.util.Map;

/**
 * One alert of an alerting rule: the label set of one result series. Times are epoch milliseconds, 0 when unset.
 * Immutable snapshot; the rule replaces it on every change.
 *
 * @param activeAt when the series first appeared (the start of pending)
 * @param firedAt when it became firing
 * @param resolvedAt when it became inactive again (resolved)
 * @param keepFiringSince when the series went away while {@code keep_firing_for} keeps the alert firing
 */
public record Alert(Labels labels, Map<String, String> annotations, AlertState state, double value, long activeAt,
        long firedAt, long resolvedAt, long keepFiringSince) {

    Alert with(AlertState s, long fired, long resolved, long keepSince) {
        return new Alert(labels, annotations, s, value, activeAt, fired, resolved, keepSince);
    }

    /** Pending or firing: shown by {@code /api/v1/alerts}. */
    public boolean active() {
        return state != AlertState.INACTIVE;
    }
}
