package dev.sightline.storage.model;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/** The service a resource belongs to, as every store and query names it. */
public final class ServiceName {
    /** OpenTelemetry's name for a resource without {@code service.name}. */
    public static final String UNKNOWN = "unknown_service";

    private ServiceName() {
    }

    /** The {@code service.name} resource attribute, or {@link #UNKNOWN} for a resource without a string one. */
    public static String of(List<KeyValue> resourceAttributes) {
        for (KeyValue kv : resourceAttributes) {
            if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
                return kv.getValue().getStringValue();
            }
        }
        return UNKNOWN;
    }
}
