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

    private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;

    /** The day holding the instant {@code unixNanos}. */
    public static String of(long unixNanos) {
        return name(epochDay(unixNanos));
    }

    /** The number of the UTC day holding {@code unixNanos}, counted from 1970-01-01 (day 0). */
    public static long epochDay(long unixNanos) {
        return Math.floorDiv(unixNanos, NANOS_PER_DAY);
    }

    /** The name ({@code yyyyMMdd}) of the day numbered {@code epochDay} (see {@link #epochDay}). */
    public static String name(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        int y = d.getYear();
        int m = d.getMonthValue();
        int day = d.getDayOfMonth();
        // every day a long of nanoseconds reaches lies in the years 1677 to 2262: four digits
        char[] c = {digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), digit(m / 10), digit(m), digit(day / 10),
            digit(day)};
        return new String(c);
    }

    private static char digit(int n) {
        return (char) ('0' + n % 10);
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
