package dev.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.Days;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetentionCutoffsTest {
    private static final long DAY = 86_400_000_000_000L;

    /**
     * Before the one retention path, traces dropped a day "wholly before now − retention" ({@code day <
     * Days.oldestKept(now, retention)}) and logs dropped a day "once it ended at least retention ago" ({@code
     * dayStart + 1 day <= now − retention}). They are the same rule; this pins it, on random instants and on the
     * nanoseconds either side of a day boundary. Set {@code -Dsightline.seed=…} to replay a failure.
     */
    @Test
    void theTracesRuleAndTheFormerLogsRuleDropTheSameDays() {
        long seed = Long.getLong("sightline.seed", 14);
        System.out.println("RetentionCutoffsTest seed " + seed);
        Random random = new Random(seed);
        long from = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        long span = 100L * 365 * DAY;
        long[] offsets = {-2 * DAY, -DAY, -1, 0, 1, DAY - 1, DAY};
        for (int i = 0; i < 20_000; i++) {
            long now = from + Math.floorMod(random.nextLong(), span);
            long retention = 1 + Math.floorMod(random.nextLong(), 400 * DAY);
            if (i % 4 == 0) { // make now − retention fall on, or a nanosecond off, a day boundary
                retention = Math.floorMod(now, DAY) + DAY * random.nextInt(30) + random.nextInt(3) - 1;
                retention = Math.max(1, retention);
            }
            long cut = now - retention;
            String oldestKept = Days.oldestKept(Instant.ofEpochSecond(0, now), Duration.ofNanos(retention));
            for (long offset : offsets) {
                String day = Days.of(cut + offset);
                boolean tracesDrop = day.compareTo(oldestKept) < 0;
                boolean formerLogsDrop = Days.startNanos(day) + DAY <= cut;
                assertThat(tracesDrop).as("day %s at now %d, retention %d ns (seed %d)", day, now, retention, seed)
                        .isEqualTo(formerLogsDrop);
            }
        }
    }

    @Test
    void eachSignalIsCutByItsOwnPeriod() {
        StorageOptions d = StorageOptions.defaults(Path.of("unused"));
        StorageOptions options = new StorageOptions(d.dataDir(), d.walSegmentBytes(), d.queueMaxBytes(),
                d.checkpointInterval(), d.indexRefresh(), Duration.ofDays(3), d.retentionCheckInterval(),
                d.correlationKeys(), Duration.ofDays(1), new MetricsOptions(Duration.ofHours(2), Duration.ofMinutes(10),
                        "auto"));
        Instant now = Instant.parse("2024-03-10T00:00:00Z");
        assertThat(RetentionCutoffs.at(now, options)).isEqualTo(new RetentionCutoffs("20240307", "20240309",
                now.toEpochMilli() - 7_200_000));
        assertThat(RetentionCutoffs.at(now.minusNanos(1), options)).as("a nanosecond before midnight")
                .isEqualTo(new RetentionCutoffs("20240306", "20240308", now.toEpochMilli() - 7_200_001));
    }
}
