package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The metrics RocksDB and its column families (layout in {@code docs/format/metrics-chunks.md}):
 *
 * <pre>
 * default:    "format" → "SLMT" | version u8
 * series:     series ID u64                         → labels (count uvarint, then (len uvarint, UTF-8) pairs)
 * chunks:     series ID u64 | first t (i64, sign-flipped) → chunk (ChunkEncoder)
 * metadata:   metric family name                    → type | unit | help (len-prefixed UTF-8)
 * exemplars:  series ID u64 | t                      → value f64 | trace ID len u8 + bytes | span ID len u8 + bytes | labels
 * exemplar_traces: trace ID (16) | series ID | t     → empty
 * </pre>
 *
 * RocksDB's own WAL is off: Sightline's WAL is the source of truth. Thread-safe (RocksDB is).
 */
final class MetricsDb implements AutoCloseable {
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FORMAT_VALUE = {'S', 'L', 'M', 'T', 1};

    static {
        RocksDB.loadLibrary();
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    final RocksDB db;
    final ColumnFamilyHandle series;
    final ColumnFamilyHandle chunks;
    final ColumnFamilyHandle metadata;
    final ColumnFamilyHandle exemplars;
    final ColumnFamilyHandle exemplarTraces;
    final WriteOptions writeOptions;
    private final List<ColumnFamilyHandle> all;

    MetricsDb(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            DBOptions dbOptions = own(new DBOptions()).setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setAtomicFlush(true).setMaxBackgroundJobs(2).setKeepLogFileNum(3);
            BlockBasedTableConfig table = new BlockBasedTableConfig().setFilterPolicy(own(new BloomFilter(10)))
                    .setWholeKeyFiltering(false);
            ColumnFamilyOptions chunkOptions = own(new ColumnFamilyOptions()).useFixedLengthPrefixExtractor(8)
                    .setTableFormatConfig(table)
                    // Gorilla bits barely compress; ZSTD at the bottom still trims headers and label bytes.
                    .setCompressionType(CompressionType.NO_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
            ColumnFamilyOptions plain = own(new ColumnFamilyOptions()).setCompressionType(CompressionType.LZ4_COMPRESSION);
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plain),
                    new ColumnFamilyDescriptor("series".getBytes(StandardCharsets.US_ASCII), plain),
                    new ColumnFamilyDescriptor("chunks".getBytes(StandardCharsets.US_ASCII), chunkOptions),
                    new ColumnFamilyDescriptor("metadata".getBytes(StandardCharsets.US_ASCII), plain),
                    new ColumnFamilyDescriptor("exemplars".getBytes(StandardCharsets.US_ASCII), plain),
                    new ColumnFamilyDescriptor("exemplar_traces".getBytes(StandardCharsets.US_ASCII), plain));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            resources.addAll(handles);
            resources.add(db);
            series = handles.get(1);
            chunks = handles.get(2);
            metadata = handles.get(3);
            exemplars = handles.get(4);
            exemplarTraces = handles.get(5);
            all = List.copyOf(handles);
            writeOptions = own(new WriteOptions()).setDisableWAL(true);
            byte[] format = db.get(FORMAT_KEY);
            if (format == null) {
                db.put(FORMAT_KEY, FORMAT_VALUE);
            } else if (!java.util.Arrays.equals(format, FORMAT_VALUE)) {
                throw new IOException("metric store in " + dir + " has format " + new String(format,
                        StandardCharsets.ISO_8859_1) + ", expected SLMT version 1");
            }
        } catch (RocksDBException | RuntimeException e) {
            close();
            throw new IOException("cannot open metric store in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    void write(WriteBatch batch) throws IOException {
        if (batch.count() == 0) {
            return;
        }
        try {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IOException("metric store write failed: " + e.getMessage(), e);
        }
    }

    void flush() throws IOException {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo, all);
        } catch (RocksDBException e) {
            throw new IOException("metric store flush failed: " + e.getMessage(), e);
        }
    }

    void compact() throws IOException {
        try {
            for (ColumnFamilyHandle cf : all) {
                db.compactRange(cf);
            }
        } catch (RocksDBException e) {
            throw new IOException("metric store compaction failed: " + e.getMessage(), e);
        }
    }

    /** Bytes of the live SST files of every column family (what the store occupies once flushed). */
    long liveSstBytes() throws IOException {
        long total = 0;
        try {
            for (ColumnFamilyHandle cf : all) {
                total += db.getLongProperty(cf, "rocksdb.live-sst-files-size");
            }
        } catch (RocksDBException e) {
            throw new IOException("metric store size unavailable: " + e.getMessage(), e);
        }
        return total;
    }

    static byte[] idKey(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    /** Series ID then time, big-endian with the time's sign bit flipped so keys sort by time. */
    static byte[] timeKey(long id, long t) {
        return ByteBuffer.allocate(16).putLong(id).putLong(t ^ Long.MIN_VALUE).array();
    }

    static long keyId(byte[] key) {
        return ByteBuffer.wrap(key).getLong(0);
    }

    static long keyTime(byte[] key) {
        return ByteBuffer.wrap(key).getLong(8) ^ Long.MIN_VALUE;
    }

    static byte[] encodeLabels(Labels labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        writeVarint(out, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            writeString(out, labels.name(i));
            writeString(out, labels.value(i));
        }
        return out.toByteArray();
    }

    static Labels decodeLabels(byte[] in, int[] pos) {
        int n = (int) Varint.getUnsigned(in, pos);
        String[] pairs = new String[2 * n];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = readString(in, pos);
        }
        return Labels.of(pairs); // written sorted, so the check finds nothing to reorder
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        byte[] b = new byte[10];
        out.write(b, 0, Varint.putUnsigned(b, 0, v));
    }

    static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, b.length);
        out.write(b, 0, b.length);
    }

    static String readString(byte[] in, int[] pos) {
        int len = (int) Varint.getUnsigned(in, pos);
        String s = new String(in, pos[0], len, StandardCharsets.UTF_8);
        pos[0] += len;
        return s;
    }

    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // closing native handles does not fail in practice
            }
        }
        resources.clear();
    }
}
