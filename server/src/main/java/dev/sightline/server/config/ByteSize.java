package dev.sightline.server.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, written in configuration as {@code 16MiB}. {@link #parse} accepts binary units
 * ({@code KiB MiB GiB TiB}, also Kubernetes-style {@code Ki Mi Gi Ti}), decimal units ({@code KB MB GB TB}),
 * {@code B} or no unit for bytes, in any letter case, with an optional space and decimal fraction
 * ({@code 1.5GiB}) as long as the result is a whole number of bytes. Single-letter units such as {@code 16m} are
 * rejected: tools disagree on whether they are binary (the JVM's {@code -Xmx16m}) or decimal (Kubernetes).
 *
 * @param bytes the size in bytes, never negative
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
    private static final Pattern SYNTAX = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kb", 1000L), Map.entry("mb", 1000L * 1000), Map.entry("gb", 1000L * 1000 * 1000),
            Map.entry("tb", 1000L * 1000 * 1000 * 1000),
            Map.entry("kib", 1L << 10), Map.entry("mib", 1L << 20), Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40),
            Map.entry("ki", 1L << 10), Map.entry("mi", 1L << 20), Map.entry("gi", 1L << 30),
            Map.entry("ti", 1L << 40));
    /** Largest first, binary before decimal, so that a tie goes to the binary unit. */
    private static final String[] FORMAT_UNITS = {"TiB", "TB", "GiB", "GB", "MiB", "MB", "KiB", "KB"};
    private static final long[] FORMAT_MULTIPLIERS = {1L << 40, 1_000_000_000_000L, 1L << 30, 1_000_000_000L,
        1L << 20, 1_000_000L, 1L << 10, 1000L};
    private static final String UNIT_HELP = "use B, KiB, MiB, GiB, TiB (binary) or KB, MB, GB, TB (decimal)";

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size must not be negative, got " + bytes);
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofKibibytes(long kib) {
        return new ByteSize(Math.multiplyExact(kib, 1L << 10));
    }

    public static ByteSize ofMebibytes(long mib) {
        return new ByteSize(Math.multiplyExact(mib, 1L << 20));
    }

    public static ByteSize ofGibibytes(long gib) {
        return new ByteSize(Math.multiplyExact(gib, 1L << 30));
    }

    /**
     * Parses {@code 16MiB}, {@code 16 MB}, {@code 1.5gib}, {@code 4096}.
     *
     * @throws IllegalArgumentException naming the text and the accepted units
     */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a size: expected a number and a unit such as 16MiB (" + UNIT_HELP + ")");
        }
        String unit = m.group(2);
        Long multiplier = UNITS.get(unit.toLowerCase(Locale.ROOT));
        if (multiplier == null) {
            String why = unit.length() == 1 && "kmgt".contains(unit.toLowerCase(Locale.ROOT))
                    ? "ambiguous unit \"" + unit + "\""
                    : "unknown unit \"" + unit + "\"";
            throw new IllegalArgumentException("\"" + text + "\" is not a size: " + why + " (" + UNIT_HELP + ")");
        }
        BigDecimal exact = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        try {
            return new ByteSize(exact.longValueExact());
        } catch (ArithmeticException e) {
            String why = exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0
                    ? "not a whole number of bytes"
                    : "too large";
            throw new IllegalArgumentException("\"" + text + "\" is not a size: " + why, e);
        }
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The shortest exact form that {@link #parse} reads back: {@code 16MiB}, {@code 16MB}, {@code 1500B}. */
    @Override
    public String toString() {
        String best = bytes + "B";
        long bestCount = bytes;
        for (int i = 0; i < FORMAT_UNITS.length; i++) {
            long unit = FORMAT_MULTIPLIERS[i];
            if (bytes != 0 && bytes % unit == 0 && bytes / unit < bestCount) {
                best = bytes / unit + FORMAT_UNITS[i];
                bestCount = bytes / unit;
            }
        }
        return best;
    }
}
