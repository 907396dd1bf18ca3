package dev.sightline.server.config;

import java.util.List;
import java.util.Locale;

/**
 * The server's own logging.
 *
 * @param level least severe level written: {@code trace}, {@code debug}, {@code info}, {@code warn} or
 *     {@code error} (any letter case; stored lower-case)
 * @param format {@code text} for people, {@code json} for log collectors (one object per line)
 */
public record LogConfig(String level, String format) {
    static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");
    static final List<String> FORMATS = List.of("text", "json");

    public LogConfig {
        level = oneOf("log.level", level, LEVELS);
        format = oneOf("log.format", format, FORMATS);
    }

    public static LogConfig defaults() {
        return new LogConfig("info", "text");
    }

    private static String oneOf(String key, String value, List<String> allowed) {
        String normalized = value == null ? null : value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            throw new IllegalArgumentException(
                    key + " must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
        }
        return normalized;
    }
}
