package dev.sightline.storage.model;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The attribute keys whose values are correlation IDs (an order ID, a request ID): indexed on spans and log
 * records under the field {@link #FIELD}, so one lookup finds every trace and log that carries the value.
 *
 * @param keys attribute keys, matched exactly
 */
public record CorrelationKeys(List<String> keys) {
    /** The index field that holds correlation values, on spans and on log records. */
    public static final String FIELD = "correlation";

    /** Keys used when none are configured. */
    public static final CorrelationKeys DEFAULT = new CorrelationKeys(
            List.of("correlation.id", "correlation_id", "request.id", "request_id", "x-request-id"));

    public CorrelationKeys {
        keys = List.copyOf(keys);
    }

    /** The text values of every correlation attribute in the given attribute lists, distinct, in order. */
    @SafeVarargs
    public final List<String> values(List<KeyValue>... attributeLists) {
        Set<String> out = new LinkedHashSet<>();
        for (List<KeyValue> attributes : attributeLists) {
            for (KeyValue kv : attributes) {
                if (keys.contains(kv.getKey())) {
                    String v = AnyValues.toText(kv.getValue());
                    if (!v.isEmpty()) {
                        out.add(v);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }
}
