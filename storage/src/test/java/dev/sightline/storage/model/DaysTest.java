package dev.sightline.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DaysTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    @Test
    void dayNamesAgreeWithJavaTimeOverTheWholeRangeOfNanoseconds() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 86_400_000_000_000L - 1, 86_400_000_000_000L,
            -86_400_000_000_000L, 951_782_400_000_000_000L /* 2000-02-29 */, 4_107_542_400_000_000_000L /* 2100-03-01 */};
        for (long nanos : edges) {
            assertEquals(REFERENCE.format(Instant.ofEpochSecond(0, nanos)), Days.of(nanos), "at " + nanos);
        }
        for (int i = 0; i < 100_000; i++) {
            long nanos = random.nextLong();
            assertEquals(REFERENCE.format(Instant.ofEpochSecond(0, nanos)), Days.of(nanos), "at " + nanos);
        }
    }

    @Test
    void startOfADayIsInThatDayAndTheNanosecondBeforeIsNot() {
        String day = Days.of(1_764_806_400_000_000_000L);
        long start = Days.startNanos(day);
        assertEquals(day, Days.of(start));
        assertEquals(Days.name(Days.epochDay(start) - 1), Days.of(start - 1));
    }
}
