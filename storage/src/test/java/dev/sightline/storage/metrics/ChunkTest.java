package dev.sightline.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gorilla chunks round-trip every timestamp and every value's bits, for seeded random series. */
class ChunkTest {
    static long seed() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        return seed;
    }

    @Test
    void randomSeriesRoundTrip() throws IOException {
        long seed = seed();
        Random r = new Random(seed);
        for (int round = 0; round < 500; round++) {
            List<Sample> samples = randomSamples(r, 1 + r.nextInt(300));
            ChunkEncoder e = new ChunkEncoder();
            samples.forEach(s -> e.append(s.timestamp(), s.value()));
            ChunkDecoder d = new ChunkDecoder(e.encode());
            List<Sample> back = new ArrayList<>();
            while (d.next()) {
                back.add(new Sample(d.t(), d.v()));
            }
            assertThat(back).as("round %d, seed %d", round, seed).containsExactlyElementsOf(samples);
            assertThat(d.firstT()).isEqualTo(samples.getFirst().timestamp());
            assertThat(d.lastT()).isEqualTo(samples.getLast().timestamp());
        }
    }

    @Test
    void regularScrapesOfAConstantCostAboutTwoBitsPerSample() {
        ChunkEncoder e = new ChunkEncoder();
        for (int i = 0; i < 240; i++) {
            e.append(1_700_000_000_000L + i * 15_000L, 42);
        }
        assertThat(e.encode().length).isLessThan(90);
    }

    @Test
    void decimalCountersUseScaledIntegersAndSwitchToXorWhenTheyMust() throws IOException {
        ChunkEncoder e = new ChunkEncoder();
        for (int i = 0; i < 100; i++) {
            e.append(i * 15_000L, (100_000 + i * 1234) / 100.0);
        }
        assertThat(e.valueEncoding()).as("two decimals").isEqualTo(3);
        e.append(100 * 15_000L, Double.NaN);
        assertThat(e.valueEncoding()).isEqualTo(ChunkEncoder.XOR);
        ChunkDecoder d = new ChunkDecoder(e.encode());
        for (int i = 0; i < 100; i++) {
            assertThat(d.next()).isTrue();
            assertThat(d.v()).isEqualTo((100_000 + i * 1234) / 100.0);
        }
        assertThat(d.next()).isTrue();
        assertThat(d.v()).isNaN();
    }

    static List<Sample> randomSamples(Random r, int n) {
        List<Sample> out = new ArrayList<>();
        long t = r.nextLong(-1_000_000_000_000L, 2_000_000_000_000L);
        double v = r.nextBoolean() ? r.nextDouble() * 1000 : r.nextInt(100_000) / 100.0;
        long step = 1 + r.nextInt(60_000);
        for (int i = 0; i < n; i++) {
            out.add(new Sample(t, v));
            t += switch (r.nextInt(6)) {
                case 0 -> 1 + r.nextInt(5);
                case 1 -> r.nextLong(1, 1L << 40);
                default -> Math.max(1, step + r.nextInt(3) - 1); // one draw: always moves forward
            };
            v = switch (r.nextInt(9)) {
                case 0 -> Double.NaN;
                case 1 -> Sample.STALE_NAN;
                case 2 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                case 3 -> v;
                case 4 -> Double.longBitsToDouble(r.nextLong());
                case 5 -> v + r.nextInt(100);
                case 6 -> Math.round(v * 100 + r.nextInt(1500)) / 100.0;
                case 7 -> -0.0;
                default -> r.nextGaussian() * 1e6;
            };
        }
        return out;
    }
}
