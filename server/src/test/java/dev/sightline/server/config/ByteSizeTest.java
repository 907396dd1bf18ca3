package dev.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void parsesBinaryDecimalAndPlainBytesInAnyCase() {
        assertThat(ByteSize.parse("16MiB").bytes()).isEqualTo(16L << 20);
        assertThat(ByteSize.parse("16mib").bytes()).isEqualTo(16L << 20);
        assertThat(ByteSize.parse("16Mi").bytes()).isEqualTo(16L << 20);
        assertThat(ByteSize.parse("16MB").bytes()).isEqualTo(16_000_000L);
        assertThat(ByteSize.parse("16mb").bytes()).isEqualTo(16_000_000L);
        assertThat(ByteSize.parse("512KiB").bytes()).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("2 GiB").bytes()).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1TB").bytes()).isEqualTo(1_000_000_000_000L);
        assertThat(ByteSize.parse("1.5GiB").bytes()).isEqualTo(3L << 29);
        assertThat(ByteSize.parse("4096").bytes()).isEqualTo(4096);
        assertThat(ByteSize.parse("4096B").bytes()).isEqualTo(4096);
        assertThat(ByteSize.parse("0").bytes()).isZero();
    }

    @Test
    void rejectsWithTheValueAndTheRule() {
        assertThatThrownBy(() -> ByteSize.parse("16XB")).hasMessageContaining("\"16XB\" is not a size: unknown unit");
        assertThatThrownBy(() -> ByteSize.parse("16m")).hasMessageContaining("\"16m\" is not a size: ambiguous unit");
        assertThatThrownBy(() -> ByteSize.parse("-1MiB")).hasMessageContaining("\"-1MiB\" is not a size");
        assertThatThrownBy(() -> ByteSize.parse("")).hasMessageContaining("\"\" is not a size");
        assertThatThrownBy(() -> ByteSize.parse("MiB")).hasMessageContaining("\"MiB\" is not a size");
        assertThatThrownBy(() -> ByteSize.parse("1.5B")).hasMessageContaining("not a whole number of bytes");
        assertThatThrownBy(() -> ByteSize.parse("9000000TiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> new ByteSize(-1)).hasMessageContaining("must not be negative, got -1");
    }

    @Test
    void formatsInTheShortestExactUnit() {
        assertThat(ByteSize.ofMebibytes(16)).hasToString("16MiB");
        assertThat(ByteSize.ofBytes(16_000_000)).hasToString("16MB");
        assertThat(ByteSize.ofBytes(1536)).hasToString("1536B");
        assertThat(ByteSize.ofKibibytes(3)).hasToString("3KiB");
        assertThat(ByteSize.ofBytes(0)).hasToString("0B");
        assertThat(ByteSize.ofBytes(1001)).hasToString("1001B");
    }

    @Test
    void formatReadsBackAsTheSameSize() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("ByteSizeTest seed: " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long unit = switch (random.nextInt(5)) {
                case 0 -> 1;
                case 1 -> 1000;
                case 2 -> 1 << 10;
                case 3 -> 1 << 20;
                default -> 1_000_000;
            };
            ByteSize size = ByteSize.ofBytes(random.nextLong(1 << 20) * unit);
            assertThat(ByteSize.parse(size.toString())).as("seed %d", seed).isEqualTo(size);
        }
    }
}
