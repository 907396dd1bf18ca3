package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.storage.Labels;

/**
 * Maps a label set to a stable offset in [0, 1) for {@code limit_ratio}. Prometheus uses the labels' xxhash;
 * any stable uniform hash satisfies the operator's contract (ratio r and -(1-r) partition the input).
 */
final class RatioSampler {
    private RatioSampler() {
    }

    static double sampleOffset(Labels l) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < l.size(); i++) {
            h = mix(h, l.name(i));
            h = mix(h, "\u00ff");
            h = mix(h, l.value(i));
            h = mix(h, "\u00ff");
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) / (double) (1L << 53);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
