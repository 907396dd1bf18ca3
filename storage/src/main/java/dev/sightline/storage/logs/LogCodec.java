package dev.sightline.storage.logs;

import java.io.IOException;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The log index's codec: Lucene's, except that stored fields are written as they are. The only stored field is
 * the block payload, already zstd-compressed ({@link LogBlock}); Lucene's LZ4 over it saved nothing and took
 * about 8 % of the server's CPU under load (benchmarks/RESULTS.md, issue 16's third session).
 *
 * <p>Segments name their codec, and Lucene finds it by that name ({@code META-INF/services}): segments written
 * before this codec keep reading with Lucene's, and merge into this one.
 */
public final class LogCodec extends FilterCodec {
    static final String NAME = "SightlineLogs1";
    private static final CompressionMode AS_IS = new AsIs();
    private final StoredFieldsFormat storedFields =
            new Lucene90CompressingStoredFieldsFormat("SightlineLogsStoredFields1", AS_IS, 80 * 1024, 1024, 10);

    /** Public and without arguments, as Lucene's codec lookup needs. */
    public LogCodec() {
        super(NAME, new Lucene103Codec(Lucene103Codec.Mode.BEST_SPEED));
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return storedFields;
    }

    /** Chunks stored byte for byte; a read copies only the document asked for. */
    private static final class AsIs extends CompressionMode {
        @Override
        public Compressor newCompressor() {
            return new Compressor() {
                @Override
                public void compress(ByteBuffersDataInput in, DataOutput out) throws IOException {
                    out.copyBytes(in, in.length());
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Decompressor newDecompressor() {
            return new Decompressor() {
                @Override
                public void decompress(DataInput in, int originalLength, int offset, int length, BytesRef bytes)
                        throws IOException {
                    if (offset < 0 || length < 0 || offset + length > originalLength) {
                        throw new IOException("stored field [" + offset + ", " + (offset + length)
                                + ") lies outside its chunk of " + originalLength + " bytes");
                    }
                    in.skipBytes(offset);
                    bytes.bytes = ArrayUtil.growNoCopy(bytes.bytes, length);
                    in.readBytes(bytes.bytes, 0, length);
                    bytes.offset = 0;
                    bytes.length = length;
                }

                @Override
                public Decompressor clone() {
                    return this;
                }
            };
        }

        @Override
        public String toString() {
            return "as-is";
        }
    }
}
