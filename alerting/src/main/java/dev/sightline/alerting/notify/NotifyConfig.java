package dev.sightline.alerting.notify;

import java.util.Map;

/**
 * What {@code receivers.yaml} configures: the routing tree and the receivers by name. Immutable.
 *
 * @param root the routing tree's root; with no {@code route} in the file, a root whose children send every
 *     alert to each receiver its {@code match} accepts (the first slice's behaviour)
 */
public record NotifyConfig(Route root, Map<String, Receiver> receivers) {
    public static final NotifyConfig EMPTY = new NotifyConfig(new Route("0", "{}", "", java.util.List.of(),
            java.util.List.of("alertname"), false, Route.DEFAULT_GROUP_WAIT_MS, Route.DEFAULT_GROUP_INTERVAL_MS,
            Route.DEFAULT_REPEAT_INTERVAL_MS, false, java.util.List.of()), Map.of());

    public NotifyConfig {
        receivers = Map.copyOf(receivers);
    }
}
