package dev.sightline.storage.prometheus;

import dev.sightline.storage.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The key a series is found by from a remote-write request's bytes alone: its labels in <em>wire form</em>, exactly as
 * a protobuf encoder writes them as {@code repeated Label labels = 1} of a {@code TimeSeries} (for each label, in
 * name order: {@code 0x0A len 0x0A nlen name 0x12 vlen value}, minimal varints), and a 64-bit hash of those bytes.
 * A request's series whose labels arrive in that form (Prometheus' and every protobuf encoder's, names sorted) is
 * compared with one array comparison; any other form falls back to its labels as strings. Not a content address: a
 * hash match is verified against the key.
 */
public final class LabelHash {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0x243F6A8885A308D3L;

    private LabelHash() {
    }

    /** The hash of {@code labels}' wire form (allocates it; the store's lookups hash into a reused buffer). */
    public static long of(Labels labels) {
        byte[] w = wire(labels);
        return hash(w, 0, w.length);
    }

    /** The wire form of {@code labels} (see the class comment). */
    public static byte[] wire(Labels labels) {
        byte[] out = new byte[wireSize(labels)];
        int n = wire(labels, out);
        if (n != out.length) {
            throw new IllegalStateException("wire form of " + labels + " took " + n + " bytes, sized " + out.length);
        }
        return out;
    }

    /** The size of the wire form of {@code labels}. */
    public static int wireSize(Labels labels) {
        int size = 0;
        for (int i = 0; i < labels.size(); i++) {
            int label = field(utf8Length(labels.name(i))) + field(utf8Length(labels.value(i)));
            size += field(label);
        }
        return size;
    }

    /** Writes the wire form of {@code labels} into {@code out} (at least {@link #wireSize} long); returns its size. */
    public static int wire(Labels labels, byte[] out) {
        int p = 0;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            String value = labels.value(i);
            int nlen = utf8Length(name);
            int vlen = utf8Length(value);
            out[p++] = 0x0A;
            p = varint(out, p, field(nlen) + field(vlen));
            out[p++] = 0x0A;
            p = varint(out, p, nlen);
            p = utf8(name, out, p);
            out[p++] = 0x12;
            p = varint(out, p, vlen);
            p = utf8(value, out, p);
        }
        return p;
    }

    /** The hash of a label set's wire form. */
    public static long hash(byte[] wire, int off, int len) {
        return finish(bytes(wire, off, len));
    }

    /** Bytes of a length-delimited field with a one-byte tag and {@code len} bytes of content. */
    static int field(int len) {
        return 1 + varintSize(len) + len;
    }

    static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int varint(byte[] out, int p, int v) {
        while ((v & ~0x7F) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private static int utf8(String s, byte[] out, int p) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                // The ASCII prefix is written; the rest from the encoded string (its first i bytes are that prefix).
                System.arraycopy(b, i, out, p, b.length - i);
                return p + b.length - i;
            }
            out[p++] = (byte) c;
        }
        return p;
    }

    /** The hash of {@code len} bytes of {@code b} from {@code off}. */
    private static long bytes(byte[] b, int off, int len) {
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

    private static long finish(long h) {
        h ^= SEED;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    private static long word(long h, long w) {
        w *= 0x94D049BB133111EBL;
        w ^= w >>> 31;
        h ^= w;
        h *= 0x9E3779B97F4A7C15L;
        return Long.rotateLeft(h, 27);
    }
}
