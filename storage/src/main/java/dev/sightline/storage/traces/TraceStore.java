package dev.sightline.storage.traces;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.write.Applier;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Spans in RocksDB keyed by trace ID, so one prefix seek returns a whole trace. Layout in
 * {@code docs/format/trace-store.md}:
 *
 * <pre>
 * spans CF:     trace ID (16) | span ID (8)  →  version u8 | resource key u64 | scope length varint | scope | span
 * resources CF: resource key (8)             →  ResourceSpans without scope_spans (resource + schema URL)
 * </pre>
 *
 * A span sent twice (a client retry, a WAL replay) lands on the same key: applying is idempotent. RocksDB's own
 * WAL is off; Sightline's WAL is the source of truth and {@link #commit} flushes the memtables.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's threads; reads from any thread.
 */
public final class TraceStore implements Applier, AutoCloseable {
    private static final byte VALUE_VERSION = 1;
    private static final int MAX_CACHED_RESOURCES = 10_000;

    static {
        RocksDB.loadLibrary();
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle spans;
    private final ColumnFamilyHandle resourceCf;
    private final WriteOptions writeOptions;
    private final Map<Long, ResourceSpans> resourceCache = new ConcurrentHashMap<>();

    private TraceStore(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            DBOptions dbOptions = own(new DBOptions())
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setAtomicFlush(true)
                    .setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(3);
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setFilterPolicy(own(new BloomFilter(10)))
                    .setWholeKeyFiltering(false);
            ColumnFamilyOptions spanOptions = own(new ColumnFamilyOptions())
                    .useFixedLengthPrefixExtractor(TraceId.LENGTH)
                    .setMemtablePrefixBloomSizeRatio(0.1)
                    .setTableFormatConfig(table)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
            ColumnFamilyOptions plain = own(new ColumnFamilyOptions());
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plain),
                    new ColumnFamilyDescriptor("spans".getBytes(), spanOptions),
                    new ColumnFamilyDescriptor("resources".getBytes(), plain));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            resources.addAll(handles);
            resources.add(db);
            spans = handles.get(1);
            resourceCf = handles.get(2);
            writeOptions = own(new WriteOptions()).setDisableWAL(true);
        } catch (RocksDBException | RuntimeException e) {
            close();
            throw new IOException("cannot open trace store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the store in {@code dir}. */
    public static TraceStore open(Path dir) throws IOException {
        return new TraceStore(dir);
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.TRACES;
    }

    @Override
    public void apply(long lsn, Signal signal, Message batch) throws IOException {
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) batch;
        try (WriteBatch wb = new WriteBatch()) {
            for (ResourceSpans rs : request.getResourceSpansList()) {
                ResourceSpans resourceOnly = rs.toBuilder().clearScopeSpans().build();
                byte[] resourceBytes = resourceOnly.toByteArray();
                long resourceKey = resourceKey(resourceBytes);
                if (resourceCache.putIfAbsent(resourceKey, resourceOnly) == null) {
                    wb.put(resourceCf, longBytes(resourceKey), resourceBytes);
                    trimCache();
                }
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    byte[] scopeBytes = ss.toBuilder().clearSpans().build().toByteArray();
                    for (Span span : ss.getSpansList()) {
                        wb.put(spans, spanKey(span), spanValue(resourceKey, scopeBytes, span));
                    }
                }
            }
            db.write(writeOptions, wb);
        } catch (RocksDBException e) {
            throw new IOException("trace store write failed: " + e.getMessage(), e);
        }
    }

    private void trimCache() {
        if (resourceCache.size() > MAX_CACHED_RESOURCES) {
            resourceCache.clear(); // rare: only with very many distinct resources; entries are rewritten as seen
        }
    }

    private static byte[] spanKey(Span span) {
        byte[] key = new byte[TraceId.LENGTH + 8];
        span.getTraceId().copyTo(key, 0);
        span.getSpanId().copyTo(key, TraceId.LENGTH);
        return key;
    }

    private static byte[] spanValue(long resourceKey, byte[] scopeBytes, Span span) throws IOException {
        int spanSize = span.getSerializedSize();
        int size = 1 + 8 + CodedOutputStream.computeUInt32SizeNoTag(scopeBytes.length) + scopeBytes.length + spanSize;
        byte[] value = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(value);
        out.write(VALUE_VERSION);
        out.writeFixed64NoTag(resourceKey);
        out.writeUInt32NoTag(scopeBytes.length);
        out.writeRawBytes(scopeBytes);
        span.writeTo(out);
        out.checkNoSpaceLeft();
        return value;
    }

    /** A 64-bit key for a resource: the first 8 bytes of its SHA-256. Collisions are not a practical concern. */
    static long resourceKey(byte[] resourceBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(resourceBytes);
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** Every stored span of the trace, in key (span ID) order; empty when the trace is unknown. */
    public List<StoredSpan> trace(TraceId traceId) throws IOException {
        byte[] prefix = traceId.bytes().toByteArray();
        List<StoredSpan> out = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(true);
                RocksIterator it = db.newIterator(spans, ro)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix)) {
                    break;
                }
                out.add(decode(key, it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IOException("trace store read failed: " + e.getMessage(), e);
        }
        return out;
    }

    private StoredSpan decode(byte[] key, byte[] value) throws IOException, RocksDBException {
        CodedInputStream in = CodedInputStream.newInstance(value);
        byte version = in.readRawByte();
        if (version != VALUE_VERSION) {
            throw new IOException("trace store value for key " + ByteString.copyFrom(key) + " has version " + version);
        }
        long resourceKey = in.readFixed64();
        int scopeLength = in.readUInt32();
        ScopeSpans scope = ScopeSpans.parseFrom(in.readRawBytes(scopeLength));
        Span span = Span.parseFrom(in);
        return new StoredSpan(resource(resourceKey), scope, span);
    }

    private ResourceSpans resource(long key) throws IOException, RocksDBException {
        ResourceSpans cached = resourceCache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = db.get(resourceCf, longBytes(key));
        if (bytes == null) {
            throw new IOException("trace store has no resource " + Long.toHexString(key));
        }
        return ResourceSpans.parseFrom(bytes);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Flushes the memtables of every column family, atomically, so what was applied survives a crash. */
    @Override
    public void commit(long throughLsn) throws IOException {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo, List.of(db.getDefaultColumnFamily(), spans, resourceCf));
        } catch (RocksDBException e) {
            throw new IOException("trace store flush failed: " + e.getMessage(), e);
        }
    }

    /** Closes the database; what was not committed is replayed from the WAL on the next start. Idempotent. */
    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // closing native handles does not fail in practice; nothing useful to do
            }
        }
        resources.clear();
    }
}
