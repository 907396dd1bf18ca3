package dev.sightline.storage.metrics;

import java.util.Arrays;

/**
 * Appends samples to a Gorilla chunk: delta-of-delta timestamps and XOR-ed float bits, written bit by bit
 * (layout in {@code docs/format/metrics-chunks.md}). Timestamps must increase strictly.
 *
 * <p>One writer thread appends; readers on other threads may call {@link #encode()} concurrently under the
 * store's read lock (the store's write lock excludes appends meanwhile).
 */
final class ChunkEncoder {
    static final byte VERSION = 1;

    private byte[] buf;
    private long bitLength;
    private int count;
    private long firstT;
    private long lastT;
    private long lastDelta;
    private long lastBits;
    private int leading = -1;
    private int trailing;

    ChunkEncoder() {
        buf = new byte[16];
    }

    int count() {
        return count;
    }

    long firstT() {
        return firstT;
    }

    long lastT() {
        return lastT;
    }

    double lastValue() {
        return Double.longBitsToDouble(lastBits);
    }

    /** Bytes held in memory by this encoder (for the per-series memory figure). */
    int capacity() {
        return buf.length;
    }

    void append(long t, double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (count == 0) {
            firstT = t;
            writeBits(bits, 64);
        } else {
            if (t <= lastT) {
                throw new IllegalArgumentException("timestamp " + t + " must be after " + lastT);
            }
            long delta = t - lastT;
            writeDod(delta - lastDelta);
            lastDelta = delta;
            writeXor(bits);
        }
        lastT = t;
        lastBits = bits;
        count++;
    }

    private void writeDod(long dod) {
        if (dod == 0) {
            writeBit(false);
        } else if (fits(dod, 14)) {
            writeBits(0b10, 2);
            writeBits(dod, 14);
        } else if (fits(dod, 17)) {
            writeBits(0b110, 3);
            writeBits(dod, 17);
        } else if (fits(dod, 20)) {
            writeBits(0b1110, 4);
            writeBits(dod, 20);
        } else {
            writeBits(0b1111, 4);
            writeBits(dod, 64);
        }
    }

    static boolean fits(long v, int bits) {
        long min = -(1L << (bits - 1)) + 1;
        long max = 1L << (bits - 1);
        return v >= min && v <= max;
    }

    private void writeXor(long bits) {
        long xor = bits ^ lastBits;
        if (xor == 0) {
            writeBit(false);
            return;
        }
        writeBit(true);
        int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trail = Long.numberOfTrailingZeros(xor);
        if (leading >= 0 && lead >= leading && trail >= trailing) {
            writeBit(false);
            int sig = 64 - leading - trailing;
            writeBits(xor >>> trailing, sig);
            return;
        }
        leading = lead;
        trailing = trail;
        int sig = 64 - lead - trail;
        writeBit(true);
        writeBits(lead, 5);
        writeBits(sig - 1, 6); // sig is 1..64
        writeBits(xor >>> trail, sig);
    }

    private void writeBit(boolean bit) {
        ensure(1);
        if (bit) {
            buf[(int) (bitLength >>> 3)] |= (byte) (0x80 >>> (bitLength & 7));
        }
        bitLength++;
    }

    /** Writes the low {@code n} bits of {@code v}, most significant first. */
    private void writeBits(long v, int n) {
        ensure(n);
        for (int i = n - 1; i >= 0; i--) {
            if (((v >>> i) & 1) != 0) {
                buf[(int) (bitLength >>> 3)] |= (byte) (0x80 >>> (bitLength & 7));
            }
            bitLength++;
        }
    }

    private void ensure(int bits) {
        long needBytes = (bitLength + bits + 7) >>> 3;
        if (needBytes > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(needBytes, buf.length + (buf.length >>> 1)));
        }
    }

    /**
     * The chunk as stored: {@code version u8 | count uvarint | first t zigzag varint | last t − first t uvarint
     * | bits}.
     */
    byte[] encode() {
        int bitBytes = (int) ((bitLength + 7) >>> 3);
        byte[] out = new byte[1 + 10 + 10 + 10 + bitBytes];
        int p = 0;
        out[p++] = VERSION;
        p = Varint.putUnsigned(out, p, count);
        p = Varint.putUnsigned(out, p, (firstT << 1) ^ (firstT >> 63));
        p = Varint.putUnsigned(out, p, lastT - firstT);
        System.arraycopy(buf, 0, out, p, bitBytes);
        return Arrays.copyOf(out, p + bitBytes);
    }
}
