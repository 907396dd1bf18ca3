package dev.sightline.storage.prometheus;

import dev.sightline.storage.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One 64-bit hash of a label set, computed alike from {@link Labels} (strings) and from the UTF-8 bytes of a
 * remote-write request (no strings), so that a known series is found from the request's bytes alone. Names and
 * values are hashed as UTF-8, eight bytes a step, in label order. Not a content address: a match is verified.
 */
public final class LabelHash {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0x243F6A8885A308D3L;

    private LabelHash() {
    }

    /** The hash of {@code labels}, equal to {@link #combine} over the UTF-8 bytes of each name and value. */
    public static long of(Labels labels) {
        long h = SEED;
        for (int i = 0; i < labels.size(); i++) {
            h = combine(h, string(labels.name(i)));
            h = combine(h, string(labels.value(i)));
        }
        return finish(h);
    }

    /** Starts a hash over a label set (then {@link #combine} each name and value, then {@link #finish}). */
    public static long start() {
        return SEED;
    }

    public static long combine(long h, long part) {
        h ^= part;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    public static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** The hash of {@code len} bytes of {@code b} from {@code off}. */
    public static long bytes(byte[] b, int off, int len) {
        long h = len * 0xBF58476D1CE4E5B9L;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = word(h, (long) LONG_LE.get(b, off + i));
        }
        long tail = 0;
        for (int shift = 0; i < len; i++, shift += 8) {
            tail |= (b[off + i] & 0xFFL) << shift;
        }
        return word(h, tail);
    }

    /** The hash of the UTF-8 bytes of {@code s}, without encoding it when it is ASCII. */
    static long string(String s) {
        int len = s.length();
        long h = len * 0xBF58476D1CE4E5B9L;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long w = 0;
            for (int k = 0; k < 8; k++) {
                char c = s.charAt(i + k);
                if (c >= 0x80) {
                    return encoded(s);
                }
                w |= (long) c << (8 * k);
            }
            h = word(h, w);
        }
        long tail = 0;
        for (int shift = 0; i < len; i++, shift += 8) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return encoded(s);
            }
            tail |= (long) c << shift;
        }
        return word(h, tail);
    }

    private static long encoded(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return bytes(b, 0, b.length);
    }

    private static long word(long h, long w) {
        w *= 0x94D049BB133111EBL;
        w ^= w >>> 31;
        h ^= w;
        h *= 0x9E3779B97F4A7C15L;
        return Long.rotateLeft(h, 27);
    }
}
