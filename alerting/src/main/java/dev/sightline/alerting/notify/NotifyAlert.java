package dev.sightline.alerting.notify;

import dev.sightline.storage.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An alert as the notification side sees it, Alertmanager's model: firing while {@code endsAt} is 0 and
 * {@code validUntil} is in the future, resolved from {@code endsAt} (or, when the rules stop reporting it, from
 * {@code validUntil}). Times in epoch ms. Immutable.
 *
 * @param startsAt when it started firing
 * @param endsAt when it resolved, 0 while firing
 * @param validUntil a firing alert that is not reported again by then counts as resolved (a deleted rule)
 * @param generatorUrl the link back to the rule's expression
 */
public record NotifyAlert(Labels labels, Map<String, String> annotations, double value, long startsAt, long endsAt,
        long validUntil, String generatorUrl) {
    public NotifyAlert {
        annotations = Map.copyOf(annotations);
    }

    public boolean resolved(long now) {
        return (endsAt != 0 && endsAt <= now) || (validUntil != 0 && validUntil <= now);
    }

    /** The resolution time as sent ({@code endsAt}), 0 while firing at {@code now}. */
    public long endsAt(long now) {
        if (endsAt != 0 && endsAt <= now) {
            return endsAt;
        }
        return validUntil != 0 && validUntil <= now ? validUntil : 0;
    }

    public String fingerprint() {
        return fingerprint(labels);
    }

    /** Alertmanager's fingerprint: FNV-1a 64 over the sorted label names and values, each followed by 0xff. */
    public static String fingerprint(Labels labels) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < labels.size(); i++) {
            h = add(h, labels.name(i));
            h = (h ^ 0xff) * 0x100000001b3L;
            h = add(h, labels.value(i));
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
