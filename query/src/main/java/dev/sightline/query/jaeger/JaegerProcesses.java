package dev.sightline.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.query.jaeger.JaegerTags.Tag;
import dev.sightline.storage.model.AnyValues;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes of one trace: one per distinct (service name, tags), numbered {@code p1}, {@code p2}, … in the
 * order spans first use them, as Jaeger's process hash table numbers them.
 *
 * <p>A process is the span's resource: {@code service.name} becomes the service name (Jaeger's ingest sanitizer
 * stores {@value #MISSING_SERVICE_NAME} when it is absent and {@value #EMPTY_SERVICE_NAME} when it is empty) and
 * every other resource attribute, sorted by key, a tag. Jaeger's {@code MoveLibraryAttributes} adjuster also moves
 * {@code telemetry.sdk.*} and {@code telemetry.distro.*} span attributes into the process unless the resource
 * has a different value for them.
 */
final class JaegerProcesses {
    static final String SERVICE_NAME = "service.name";
    static final String MISSING_SERVICE_NAME = "missing-service-name";
    static final String EMPTY_SERVICE_NAME = "empty-service-name";
    static final String CONFLICT_WARNING = "conflicting values between Span and Resource for attribute ";

    private static final Set<String> LIBRARY_KEYS = Set.of("telemetry.sdk.language", "telemetry.sdk.name",
            "telemetry.sdk.version", "telemetry.distro.name", "telemetry.distro.version");

    record Process(String serviceName, List<Tag> tags) {
        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("serviceName", serviceName);
            g.writeArrayFieldStart("tags");
            for (Tag t : tags) {
                t.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** A resource's process, with its attributes (sorted, normalized) kept for library-attribute moves. */
    private record Base(Process process, List<KeyValue> attributes) {
    }

    private final Map<Process, String> ids = new LinkedHashMap<>();
    private final Map<ResourceSpans, Base> bases = new IdentityHashMap<>();

    /** A span's process ID and its attributes left after library attributes moved to the process. */
    record Assignment(String processId, List<KeyValue> spanAttributes) {
    }

    /**
     * The process ID for a span.
     *
     * @param spanAttributes the span's attributes, sorted (not modified)
     * @param warnings where a conflict between a span's and its resource's library attribute is reported
     */
    Assignment assign(ResourceSpans resource, List<KeyValue> spanAttributes, List<String> warnings) {
        Base base = bases.computeIfAbsent(resource, JaegerProcesses::base);
        Process process = base.process();
        List<KeyValue> remaining = spanAttributes;
        List<Tag> moved = null;
        for (int i = 0; i < spanAttributes.size(); i++) {
            KeyValue kv = spanAttributes.get(i);
            if (!LIBRARY_KEYS.contains(kv.getKey())) {
                continue;
            }
            AnyValue existing = find(base.attributes(), kv.getKey());
            if (existing != null && !existing.equals(kv.getValue())) {
                warnings.add(CONFLICT_WARNING + kv.getKey());
                continue;
            }
            if (existing == null) {
                if (moved == null) {
                    moved = new ArrayList<>(process.tags());
                }
                moved.add(JaegerTags.toTag(kv.getKey(), kv.getValue()));
            }
            if (remaining == spanAttributes) {
                remaining = new ArrayList<>(spanAttributes);
            }
            remaining.remove(kv);
        }
        if (moved != null) {
            process = new Process(process.serviceName(), List.copyOf(moved));
        }
        String id = ids.computeIfAbsent(process, p -> "p" + (ids.size() + 1));
        return new Assignment(id, remaining);
    }

    /** Writes the {@code "processes"} object's value. */
    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Map.Entry<Process, String> e : ids.entrySet()) {
            g.writeFieldName(e.getValue());
            e.getKey().write(g);
        }
        g.writeEndObject();
    }

    private static Base base(ResourceSpans rs) {
        List<KeyValue> attributes = JaegerTags.sorted(rs.getResource().getAttributesList());
        String serviceName = null;
        List<KeyValue> normalized = new ArrayList<>(attributes.size());
        List<Tag> tags = new ArrayList<>(attributes.size());
        for (KeyValue kv : attributes) {
            AnyValue v = JaegerTags.normalizeIp(kv.getKey(), kv.getValue());
            normalized.add(v == kv.getValue() ? kv : kv.toBuilder().setValue(v).build());
            if (kv.getKey().equals(SERVICE_NAME)) {
                if (serviceName == null) {
                    serviceName = AnyValues.toText(v);
                }
                continue;
            }
            tags.add(JaegerTags.toTag(kv.getKey(), v));
        }
        if (serviceName == null) {
            serviceName = MISSING_SERVICE_NAME;
        } else if (serviceName.isEmpty()) {
            serviceName = EMPTY_SERVICE_NAME;
        }
        return new Base(new Process(serviceName, List.copyOf(tags)), normalized);
    }

    private static AnyValue find(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return kv.getValue();
            }
        }
        return null;
    }
}
