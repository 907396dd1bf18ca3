package dev.sightline.query.promql.eval;

import dev.sightline.storage.model.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Maps a label set to a stable offset in [0, 1) for {@code limit_ratio}, exactly as Prometheus does: the
 * labels' xxhash ({@code name 0xff value 0xff ...}) divided by 2^64, so the same series are kept.
 */
final class RatioSampler {
    private RatioSampler() {
    }

    static long labelsHash(Labels l) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (int i = 0; i < l.size(); i++) {
            out.writeBytes(l.name(i).getBytes(StandardCharsets.UTF_8));
            out.write(0xff);
            out.writeBytes(l.value(i).getBytes(StandardCharsets.UTF_8));
            out.write(0xff);
        }
        return XxHash64.hash(out.toByteArray(), out.size());
    }

    static double sampleOffset(Labels l) {
        long h = labelsHash(l);
        double unsigned = h >= 0 ? (double) h : ((double) ((h >>> 1) | (h & 1))) * 2.0;
        return unsigned / 18446744073709551615.0;
    }
}
