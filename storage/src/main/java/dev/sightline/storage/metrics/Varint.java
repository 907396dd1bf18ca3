package dev.sightline.storage.metrics;

/** Unsigned LEB128 varints over byte arrays. */
final class Varint {
    private Varint() {
    }

    static int putUnsigned(byte[] out, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            out[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }

    /** Reads a varint at {@code pos[0]}, advancing it. */
    static long getUnsigned(byte[] in, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= in.length) {
                throw new IllegalArgumentException("varint runs past the end of " + in.length + " bytes");
            }
            byte b = in[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}
