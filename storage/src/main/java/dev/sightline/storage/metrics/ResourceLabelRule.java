package dev.sightline.storage.metrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which resource attributes become labels on every series of their resource.
 *
 * <p>{@code auto} (the default) promotes every attribute with low cardinality, which this rule takes to be:
 * a scalar value (string, bool, int, double) of at most {@value #MAX_VALUE_LENGTH} characters, whose key is not
 * an identifier ({@code *.id}, {@code *.uid}, {@code *.pid}, {@code *.parent_pid}), not a command line or path
 * ({@code process.command*}, {@code process.executable.path}, {@code process.runtime.description}), and not one
 * of {@code service.name}, {@code service.namespace}, {@code service.instance.id} (those become {@code job} and
 * {@code instance}). {@code none} promotes nothing; a comma-separated list promotes exactly those keys.
 * Every attribute is still on {@code target_info}.
 */
record ResourceLabelRule(Mode mode, Set<String> keys) {
    static final int MAX_VALUE_LENGTH = 64;
    static final Set<String> SERVICE_KEYS = Set.of("service.name", "service.namespace", "service.instance.id");

    enum Mode { AUTO, NONE, LIST }

    static ResourceLabelRule parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("auto")) {
            return new ResourceLabelRule(Mode.AUTO, Set.of());
        }
        if (t.equalsIgnoreCase("none") || t.isEmpty()) {
            return new ResourceLabelRule(Mode.NONE, Set.of());
        }
        Set<String> keys = Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new ResourceLabelRule(Mode.LIST, keys);
    }

    boolean promote(String key, AnyValue value) {
        return switch (mode) {
            case NONE -> false;
            case LIST -> keys.contains(key);
            case AUTO -> lowCardinality(key, value);
        };
    }

    private static boolean lowCardinality(String key, AnyValue value) {
        if (SERVICE_KEYS.contains(key)) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".id") || k.endsWith(".uid") || k.endsWith(".pid") || k.endsWith(".parent_pid")
                || k.startsWith("process.command") || k.equals("process.executable.path")
                || k.equals("process.runtime.description")) {
            return false;
        }
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue().length() <= MAX_VALUE_LENGTH;
            case BOOL_VALUE, INT_VALUE, DOUBLE_VALUE -> true;
            default -> false;
        };
    }
}
