package dev.sightline.storage.metrics;

import java.io.IOException;

/**
 * Reads a chunk written by {@link ChunkEncoder}: {@link #next()} then {@link #t()} and {@link #v()}. Not
 * thread-safe; one per reader.
 */
final class ChunkDecoder {
    private final byte[] in;
    private final int count;
    private final long firstT;
    private final long lastT;
    private long bitPos;
    private int read;
    private long t;
    private long delta;
    private long bits;
    private int leading;
    private int trailing;
    private final int valueEncoding;
    private final boolean segment;
    private long n;
    private long nDelta;

    ChunkDecoder(byte[] chunk) throws IOException {
        this.in = chunk;
        if (chunk.length == 0 || chunk[0] != ChunkEncoder.VERSION) {
            throw new IOException("metric chunk has version " + (chunk.length == 0 ? "none" : chunk[0])
                    + ", expected " + ChunkEncoder.VERSION);
        }
        valueEncoding = chunk.length > 1 ? chunk[1] & ~ChunkEncoder.SEGMENT_FLAG & 0xFF : -1;
        segment = chunk.length > 1 && (chunk[1] & ChunkEncoder.SEGMENT_FLAG) != 0;
        if (valueEncoding < 0 || valueEncoding > 1 + ChunkEncoder.MAX_DECIMALS) {
            throw new IOException("metric chunk has value encoding " + valueEncoding + ", expected 0.."
                    + (1 + ChunkEncoder.MAX_DECIMALS));
        }
        int[] p = {2};
        count = (int) Varint.getUnsigned(chunk, p);
        long zz = Varint.getUnsigned(chunk, p);
        firstT = (zz >>> 1) ^ -(zz & 1);
        lastT = firstT + Varint.getUnsigned(chunk, p);
        bitPos = (long) p[0] << 3;
    }

    private ChunkDecoder(byte[] bits, int count, long firstT, long lastT, int valueEncoding) {
        this.in = bits;
        this.count = count;
        this.firstT = firstT;
        this.lastT = lastT;
        this.valueEncoding = valueEncoding;
        this.segment = false;
    }

    /**
     * Reads the samples {@code head} gained after {@code mark} (all of them when the mark is null): the decoder
     * starts in the encoder's state at the mark. Reads the encoder's own buffer, so only under the store's lock.
     */
    static ChunkDecoder resume(ChunkEncoder head, ChunkEncoder.Mark mark) {
        ChunkDecoder d = new ChunkDecoder(head.bits(), head.count(), head.firstT(), head.lastT(), head.valueEncoding());
        if (mark != null) {
            d.bitPos = mark.bitLength();
            d.read = mark.count();
            d.t = mark.t();
            d.delta = mark.delta();
            d.bits = mark.bits();
            d.leading = mark.leading();
            d.trailing = mark.trailing();
            d.n = mark.n();
            d.nDelta = mark.nDelta();
        }
        return d;
    }

    /** Whether this is a segment of a head chunk (written at a checkpoint) rather than a closed chunk. */
    boolean segment() {
        return segment;
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

    boolean next() {
        if (read >= count) {
            return false;
        }
        if (read == 0) {
            t = firstT;
            if (valueEncoding == ChunkEncoder.XOR) {
                bits = readBits(64);
            } else {
                n = readZigzag();
                bits = Double.doubleToRawLongBits(n / ChunkEncoder.POW10[valueEncoding - 1]);
            }
        } else {
            delta += readDod();
            t += delta;
            if (valueEncoding == ChunkEncoder.XOR) {
                readXor();
            } else {
                nDelta += readIntDod();
                n += nDelta;
                bits = Double.doubleToRawLongBits(n / ChunkEncoder.POW10[valueEncoding - 1]);
            }
        }
        read++;
        return true;
    }

    long t() {
        return t;
    }

    double v() {
        return Double.longBitsToDouble(bits);
    }

    private long readDod() {
        if (!readBit()) {
            return 0;
        }
        if (!readBit()) {
            return signed(readBits(14), 14);
        }
        if (!readBit()) {
            return signed(readBits(17), 17);
        }
        if (!readBit()) {
            return signed(readBits(20), 20);
        }
        return readBits(64);
    }

    private long readIntDod() {
        return readBit() ? readZigzag() : 0;
    }

    private long readZigzag() {
        int len = (int) readBits(6) + 1;
        long zz = readBits(len);
        return (zz >>> 1) ^ -(zz & 1);
    }

    /** The inverse of writing the low n bits of a value in [-(2^(n-1))+1, 2^(n-1)]. */
    private static long signed(long v, int n) {
        return v > (1L << (n - 1)) ? v - (1L << n) : v;
    }

    private void readXor() {
        if (!readBit()) {
            return;
        }
        if (readBit()) {
            leading = (int) readBits(5);
            int sig = (int) readBits(6) + 1;
            trailing = 64 - leading - sig;
        }
        int sig = 64 - leading - trailing;
        bits ^= readBits(sig) << trailing;
    }

    private boolean readBit() {
        int b = in[(int) (bitPos >>> 3)] & (0x80 >>> (bitPos & 7));
        bitPos++;
        return b != 0;
    }

    /** The next {@code n} bits (n ≤ 64), most significant first, up to a byte per step. */
    private long readBits(int n) {
        long v = 0;
        while (n > 0) {
            int offset = (int) (bitPos & 7);
            int take = Math.min(8 - offset, n);
            int bits = ((in[(int) (bitPos >>> 3)] & 0xff) >>> (8 - offset - take)) & ((1 << take) - 1);
            v = (v << take) | bits;
            bitPos += take;
            n -= take;
        }
        return v;
    }
}
