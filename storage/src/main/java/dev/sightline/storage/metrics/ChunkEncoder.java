package dev.sightline.storage.metrics;

import java.util.Arrays;

/**
 * Appends samples to a Gorilla chunk: delta-of-delta timestamps and, for values, either XOR-ed float bits or,
 * when every value of the chunk is a decimal with at most {@value #MAX_DECIMALS} fraction digits (counters,
 * byte counts, CPU centiseconds), delta-of-delta of the scaled integers, written bit by bit (layout in
 * {@code docs/format/metrics-chunks.md}). Timestamps must increase strictly. A value that does not fit the
 * chunk's decimal scale makes the encoder re-encode what it holds with a scale that fits, or with XOR.
 *
 * <p>One writer thread appends; readers on other threads may call {@link #encode()} concurrently under the
 * store's read lock (the store's write lock excludes appends meanwhile).
 */
final class ChunkEncoder {
    static final byte VERSION = 1;
    /** Value encoding byte: XOR floats; 1 + k means decimals scaled by 10^k. */
    static final int XOR = 0;
    static final int MAX_DECIMALS = 4;
    static final int SEGMENT_FLAG = 0x80;
    static final double[] POW10 = {1, 10, 100, 1000, 10_000};
    private static final long MAX_EXACT = 1L << 53;

    private int valueEncoding = -1;
    private long lastN;
    private long lastNDelta;

    private byte[] buf;
    private long bitLength;
    private int count;
    private long firstT;
    private long lastT;
    private long lastDelta;
    private long lastBits;
    private int leading = -1;
    private int trailing;

    /** Set when the encoder re-encoded what it holds (a value needed another scale): marks taken before are void. */
    private boolean reencoded;

    ChunkEncoder() {
        buf = new byte[16];
    }

    /**
     * Where the encoder stands after its first {@code count} samples: enough for {@link ChunkDecoder#resume} to read
     * the samples appended since, without decoding those before (a checkpoint writes only those as a segment).
     */
    record Mark(long bitLength, int count, long t, long delta, long bits, int leading, int trailing, long n,
            long nDelta) {
    }

    Mark mark() {
        reencoded = false;
        return new Mark(bitLength, count, lastT, lastDelta, lastBits, leading, trailing, lastN, lastNDelta);
    }

    /** Whether the samples were re-encoded since the last {@link #mark()} (or ever, without one). */
    boolean reencodedSinceMark() {
        return reencoded;
    }

    /** The bit buffer (for {@link ChunkDecoder#resume}, under the store's lock). */
    byte[] bits() {
        return buf;
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

    /** The chunk's value encoding: {@link #XOR} or 1 + decimal digits. */
    int valueEncoding() {
        return valueEncoding;
    }

    void append(long t, double v) {
        if (count > 0 && t <= lastT) {
            throw new IllegalArgumentException("timestamp " + t + " must be after " + lastT);
        }
        if (count == 0) {
            appendWith(bestEncoding(v), t, v);
        } else if (valueEncoding != XOR) {
            long n = scaled(v, valueEncoding - 1);
            if (n == Long.MIN_VALUE) {
                reencodeWith(t, v);
            } else {
                appendScaled(t, v, n);
            }
        } else {
            appendWith(XOR, t, v);
        }
    }

    /** The next sample of a decimal chunk, {@code n} being {@code v} scaled (computed once per sample). */
    private void appendScaled(long t, double v, long n) {
        long delta = t - lastT;
        writeDod(delta - lastDelta);
        lastDelta = delta;
        long nDelta = n - lastN;
        writeIntDod(nDelta - lastNDelta);
        lastNDelta = nDelta;
        lastN = n;
        lastT = t;
        lastBits = Double.doubleToRawLongBits(v);
        count++;
    }

    private static int bestEncoding(double v) {
        for (int k = 0; k <= MAX_DECIMALS; k++) {
            if (scaled(v, k) != Long.MIN_VALUE) {
                return 1 + k;
            }
        }
        return XOR;
    }

    private void writeDod(long dod) {
        // Prefix and value in one write where they fit 64 bits (the same bits as two writes).
        if (dod == 0) {
            writeBit(false);
        } else if (fits(dod, 14)) {
            writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
        } else if (fits(dod, 17)) {
            writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
        } else if (fits(dod, 20)) {
            writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
        } else {
            writeBits(0b1111, 4);
            writeBits(dod, 64);
        }
    }

    /** v × 10^k as an exact integer, or Long.MIN_VALUE when v is not such a decimal (or NaN, ±Inf, −0). */
    static long scaled(double v, int k) {
        double x = v * POW10[k];
        if (!(Math.abs(x) < MAX_EXACT)) {
            return Long.MIN_VALUE;
        }
        long n = Math.round(x);
        return Double.doubleToRawLongBits(n / POW10[k]) == Double.doubleToRawLongBits(v) ? n : Long.MIN_VALUE;
    }

    /** The smallest decimal scale that represents every value exactly, else XOR. */
    static int bestEncoding(double[] values, int n) {
        for (int k = 0; k <= MAX_DECIMALS; k++) {
            boolean all = true;
            for (int i = 0; i < n && all; i++) {
                all = scaled(values[i], k) != Long.MIN_VALUE;
            }
            if (all) {
                return 1 + k;
            }
        }
        return XOR;
    }

    private void reencodeWith(long t, double v) {
        long[] ts = new long[count + 1];
        double[] vs = new double[count + 1];
        try {
            ChunkDecoder d = new ChunkDecoder(encode());
            for (int i = 0; d.next(); i++) {
                ts[i] = d.t();
                vs[i] = d.v();
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot decode a chunk just encoded", e);
        }
        ts[count] = t;
        vs[count] = v;
        int encoding = bestEncoding(vs, vs.length);
        reencoded = true;
        buf = new byte[buf.length];
        bitLength = 0;
        count = 0;
        lastDelta = 0;
        lastNDelta = 0;
        leading = -1;
        trailing = 0;
        for (int i = 0; i < ts.length; i++) {
            appendWith(encoding, ts[i], vs[i]);
        }
    }

    private void appendWith(int encoding, long t, double v) {
        if (count > 0 && encoding != XOR) {
            appendScaled(t, v, scaled(v, encoding - 1));
            return;
        }
        long bits = Double.doubleToRawLongBits(v);
        if (count == 0) {
            firstT = t;
            valueEncoding = encoding;
            if (encoding == XOR) {
                writeBits(bits, 64);
            } else {
                lastN = scaled(v, encoding - 1);
                writeZigzag(lastN);
            }
        } else {
            long delta = t - lastT;
            writeDod(delta - lastDelta);
            lastDelta = delta;
            writeXor(bits);
        }
        lastT = t;
        lastBits = bits;
        count++;
    }

    /** '0' for zero, else '1' and {@link #writeZigzag}. */
    private void writeIntDod(long dod) {
        if (dod == 0) {
            writeBit(false);
            return;
        }
        long zz = (dod << 1) ^ (dod >> 63);
        int len = Math.max(1, 64 - Long.numberOfLeadingZeros(zz));
        if (len <= 57) { // '1', the length, the value: one write
            writeBits((((1L << 6) | (len - 1)) << len) | zz, 7 + len);
            return;
        }
        writeBit(true);
        writeZigzag(dod);
    }

    /** The length L − 1 in 6 bits, then L bits of the zigzag-encoded value (L ≥ 1). */
    private void writeZigzag(long v) {
        long zz = (v << 1) ^ (v >> 63);
        int len = Math.max(1, 64 - Long.numberOfLeadingZeros(zz));
        writeBits(len - 1, 6);
        writeBits(zz, len);
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
        int free = 8 - (int) (bitLength & 7);
        if (n <= free) { // the common case (a control code, a small delta): one byte touched
            buf[(int) (bitLength >>> 3)] |= (byte) ((v & ((1 << n) - 1)) << (free - n));
            bitLength += n;
            return;
        }
        // A byte at a time (up to 8 bits per step, not one): this runs for every sample.
        while (n > 0) {
            free = 8 - (int) (bitLength & 7);
            int take = Math.min(free, n);
            int chunk = (int) (v >>> (n - take)) & ((1 << take) - 1);
            buf[(int) (bitLength >>> 3)] |= (byte) (chunk << (free - take));
            bitLength += take;
            n -= take;
        }
    }

    private void ensure(int bits) {
        long needBytes = (bitLength + bits + 7) >>> 3;
        if (needBytes > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(needBytes, buf.length + (buf.length >>> 1)));
        }
    }

    /**
     * The chunk as stored: {@code version u8 | value encoding u8 | count uvarint | first t zigzag varint | last t − first t uvarint
     * | bits}.
     */
    byte[] encode() {
        return encode(false);
    }

    /**
     * @param segment marks the chunk as a head segment (flag 0x80 in the value-encoding byte): samples of the
     *     open head written at a checkpoint, replaced by the whole chunk when the head closes
     */
    byte[] encode(boolean segment) {
        int bitBytes = (int) ((bitLength + 7) >>> 3);
        byte[] out = new byte[2 + 10 + 10 + 10 + bitBytes];
        int p = 0;
        out[p++] = VERSION;
        out[p++] = (byte) (Math.max(valueEncoding, 0) | (segment ? SEGMENT_FLAG : 0));
        p = Varint.putUnsigned(out, p, count);
        p = Varint.putUnsigned(out, p, (firstT << 1) ^ (firstT >> 63));
        p = Varint.putUnsigned(out, p, lastT - firstT);
        System.arraycopy(buf, 0, out, p, bitBytes);
        return Arrays.copyOf(out, p + bitBytes);
    }
}
