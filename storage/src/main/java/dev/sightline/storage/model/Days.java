package dev.sightline.storage.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * UTC days, the unit of time partitioning: every store names its partitions {@code yyyyMMdd}, so retention and
 * time-bounded queries agree across stores.
 */
public final class Days {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private Days() {
    }

    /** The day holding the instant {@code unixNanos}. */
    public static String of(long unixNanos) {
        return FORMAT.format(Instant.ofEpochSecond(0, unixNanos));
    }

    /** The oldest day to keep: every day before it lies wholly outside {@code retention} as of {@code now}. */
    public static String oldestKept(Instant now, Duration retention) {
        return FORMAT.format(now.minus(retention));
    }

    /** Start of {@code day} in Unix nanoseconds. */
    public static long startNanos(String day) {
        return LocalDate.parse(day, FORMAT).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
    }

    /** Whether {@code day} (inclusive) overlaps the range [{@code startNanos}, {@code endNanos}]. */
    public static boolean overlaps(String day, long startNanos, long endNanos) {
        long dayStart = startNanos(day);
        return dayStart <= endNanos && dayStart + 86_400L * 1_000_000_000L > startNanos;
    }

    /** Whether {@code name} looks like a day. */
    public static boolean isDay(String name) {
        return name.length() == 8 && name.chars().allMatch(Character::isDigit);
    }
}
