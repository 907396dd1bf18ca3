package dev.sightline.storage.model;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The attribute keys whose values are correlation IDs (an order ID, a request ID), so one lookup finds every
 * trace and log that carries the value: log records index the values under the field {@link #FIELD}; spans are
 * found through their attribute fields ({@code SpanIndex.correlationQuery}) and the trace store's per-day
 * directory of values.
 *
 * @param keys attribute keys, matched exactly (a hash set: this is asked once per attribute of every span and log)
 */
public record CorrelationKeys(Set<String> keys) {
    /** The log index field that holds correlation values. */
    public static final String FIELD = "correlation";

    /** Keys used when none are configured. */
    public static final CorrelationKeys DEFAULT = new CorrelationKeys(
            List.of("correlation.id", "correlation_id", "request.id", "request_id", "x-request-id"));

    public CorrelationKeys {
        keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }

    /** The keys in the order configured. */
    public CorrelationKeys(List<String> keys) {
        this(new LinkedHashSet<>(keys));
    }

    /** The text values of every correlation attribute in the given attribute lists, distinct, in order. */
    @SafeVarargs
    public final List<String> values(List<KeyValue>... attributeLists) {
        List<String> out = List.of();
        for (List<KeyValue> attributes : attributeLists) {
            for (int i = 0, n = attributes.size(); i < n; i++) {
                KeyValue kv = attributes.get(i);
                if (keys.contains(kv.getKey())) {
                    String v = AnyValues.toText(kv.getValue());
                    if (!v.isEmpty() && !out.contains(v)) {
                        if (out.isEmpty()) {
                            out = new ArrayList<>(2);
                        }
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }
}
