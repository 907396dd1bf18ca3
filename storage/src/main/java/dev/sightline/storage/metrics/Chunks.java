package dev.sightline.storage.metrics;

import java.io.IOException;

/**
 * The sample chunk codec (docs/format/metrics-chunks.md) as two plain functions, for the benchmarks; the store
 * itself uses the package's encoder and decoder directly.
 */
public final class Chunks {
    private Chunks() {
    }

    /** One chunk of {@code n} samples; timestamps (ms) strictly increasing. */
    public static byte[] encode(long[] timestamps, double[] values, int n) {
        ChunkEncoder e = new ChunkEncoder();
        for (int i = 0; i < n; i++) {
            e.append(timestamps[i], values[i]);
        }
        return e.encode();
    }

    /** Decodes {@code chunk} into the arrays (large enough for its samples); returns how many it holds. */
    public static int decode(byte[] chunk, long[] timestamps, double[] values) throws IOException {
        ChunkDecoder d = new ChunkDecoder(chunk);
        int i = 0;
        while (d.next()) {
            timestamps[i] = d.t();
            values[i] = d.v();
            i++;
        }
        return i;
    }
}
