package dev.sightline.storage.traces;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.write.Applier;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Spans in RocksDB keyed by trace ID, so one prefix seek per day returns a whole trace. Layout in
 * {@code docs/format/trace-store.md}:
 *
 * <pre>
 * spans-yyyyMMdd CF: trace ID (16) | span ID (8)  →  version u8 | resource key u64 | scope length varint | scope | span
 * corr-yyyyMMdd CF:  correlation value (UTF-8)    →  empty: "this value occurs in spans of this day"
 * resources CF:      resource key (8)             →  ResourceSpans without scope_spans (resource + schema URL)
 * </pre>
 *
 * Spans go to the column family of their start day (UTC), so retention drops whole days at no cost and a
 * correlation lookup needs one bloom-filtered point read per day instead of a scan. A span sent twice (a client
 * retry, a WAL replay) lands on the same key: applying is idempotent. RocksDB's own WAL is off; Sightline's WAL is
 * the source of truth and {@link #commit} flushes the memtables.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's threads; reads and
 * {@link #dropBefore} from any thread.
 */
public final class TraceStore implements Applier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TraceStore.class.getName());
    private static final byte VALUE_VERSION = 1;
    private static final int MAX_CACHED_RESOURCES = 10_000;
    private static final String SPANS_PREFIX = "spans-";
    private static final String CORRELATION_PREFIX = "corr-";

    static {
        RocksDB.loadLibrary();
    }

    /** Options and filters, closed last. */
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** Every column family handle, closed before the database. */
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final CorrelationKeys correlationKeys;
    private RocksDB db;
    private final ColumnFamilyHandle resourceCf;
    private final ColumnFamilyOptions spanOptions;
    private final ColumnFamilyOptions correlationOptions;
    private final WriteOptions writeOptions;
    /** Day → its column families, newest first. Guarded by {@link #families}. */
    private final TreeMap<String, DayFamilies> days = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final ReentrantReadWriteLock families = new ReentrantReadWriteLock();
    private final Map<Long, ResourceSpans> resourceCache = new ConcurrentHashMap<>();
    private volatile String oldestKept = "00000000";

    private record DayFamilies(ColumnFamilyHandle spans, ColumnFamilyHandle correlations) {
    }

    private TraceStore(Path dir, CorrelationKeys correlationKeys) throws IOException {
        this.correlationKeys = correlationKeys;
        try {
            Files.createDirectories(dir);
            DBOptions dbOptions = own(new DBOptions())
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setAtomicFlush(true)
                    .setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(3);
            spanOptions = own(new ColumnFamilyOptions())
                    .useFixedLengthPrefixExtractor(TraceId.LENGTH)
                    .setMemtablePrefixBloomSizeRatio(0.1)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setFilterPolicy(own(new BloomFilter(10)))
                            .setWholeKeyFiltering(false)
                            .setBlockSize(16 * 1024))
                    .setCompressionType(CompressionType.ZSTD_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
            correlationOptions = own(new ColumnFamilyOptions())
                    .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(own(new BloomFilter(10))))
                    .setCompressionType(CompressionType.LZ4_COMPRESSION);
            ColumnFamilyOptions plain = own(new ColumnFamilyOptions());
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plain));
            descriptors.add(new ColumnFamilyDescriptor(bytes("resources"), plain));
            for (String name : existingFamilies(dir)) {
                if (name.startsWith(SPANS_PREFIX)) {
                    descriptors.add(new ColumnFamilyDescriptor(bytes(name), spanOptions));
                } else if (name.startsWith(CORRELATION_PREFIX)) {
                    descriptors.add(new ColumnFamilyDescriptor(bytes(name), correlationOptions));
                }
            }
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            resourceCf = handles.get(1);
            Map<String, ColumnFamilyHandle[]> byDay = new TreeMap<>();
            for (int i = 2; i < descriptors.size(); i++) {
                String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
                boolean isSpans = name.startsWith(SPANS_PREFIX);
                String day = name.substring(isSpans ? SPANS_PREFIX.length() : CORRELATION_PREFIX.length());
                byDay.computeIfAbsent(day, d -> new ColumnFamilyHandle[2])[isSpans ? 0 : 1] = handles.get(i);
            }
            for (Map.Entry<String, ColumnFamilyHandle[]> e : byDay.entrySet()) {
                ColumnFamilyHandle[] h = e.getValue();
                if (h[0] == null || h[1] == null) {
                    // A crash between creating the two families of a day: create the missing one now.
                    for (int k = 0; k < 2; k++) {
                        if (h[k] == null) {
                            h[k] = createFamily((k == 0 ? SPANS_PREFIX : CORRELATION_PREFIX) + e.getKey(),
                                    k == 0 ? spanOptions : correlationOptions);
                        }
                    }
                }
                days.put(e.getKey(), new DayFamilies(h[0], h[1]));
            }
            writeOptions = own(new WriteOptions()).setDisableWAL(true);
        } catch (RocksDBException | RuntimeException e) {
            close();
            throw new IOException("cannot open trace store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the store in {@code dir}. */
    public static TraceStore open(Path dir, CorrelationKeys correlationKeys) throws IOException {
        return new TraceStore(dir, correlationKeys);
    }

    private static List<String> existingFamilies(Path dir) throws RocksDBException {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options o = new Options()) {
            List<String> out = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(o, dir.toString())) {
                out.add(new String(name, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private ColumnFamilyHandle createFamily(String name, ColumnFamilyOptions options) throws RocksDBException {
        ColumnFamilyHandle h = db.createColumnFamily(new ColumnFamilyDescriptor(bytes(name), options));
        handles.add(h);
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
    public void apply(long lsn, Signal signal, Object batch) throws IOException {
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) batch;
        try {
            ensureDays(request);
            families.readLock().lock();
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
                            DayFamilies day = days.get(Days.of(span.getStartTimeUnixNano()));
                            if (day == null) {
                                continue; // older than retention: replayed after a long stop, or raced a drop
                            }
                            wb.put(day.spans(), spanKey(span), spanValue(resourceKey, scopeBytes, span));
                            for (String value : correlationKeys.values(span.getAttributesList(),
                                    rs.getResource().getAttributesList())) {
                                wb.put(day.correlations(), bytes(value), new byte[0]);
                            }
                        }
                    }
                }
                db.write(writeOptions, wb);
            } finally {
                families.readLock().unlock();
            }
        } catch (RocksDBException e) {
            throw new IOException("trace store write failed: " + e.getMessage(), e);
        }
    }

    /** Creates the column families of any day in the batch that does not have them yet (and is retained). */
    private void ensureDays(ExportTraceServiceRequest request) throws RocksDBException {
        TreeSet<String> missing = null;
        families.readLock().lock();
        try {
            for (ResourceSpans rs : request.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        String day = Days.of(span.getStartTimeUnixNano());
                        if (!days.containsKey(day) && day.compareTo(oldestKept) >= 0) {
                            if (missing == null) {
                                missing = new TreeSet<>();
                            }
                            missing.add(day);
                        }
                    }
                }
            }
        } finally {
            families.readLock().unlock();
        }
        if (missing == null) {
            return;
        }
        families.writeLock().lock();
        try {
            for (String day : missing) {
                if (!days.containsKey(day) && day.compareTo(oldestKept) >= 0) {
                    days.put(day, new DayFamilies(createFamily(SPANS_PREFIX + day, spanOptions),
                            createFamily(CORRELATION_PREFIX + day, correlationOptions)));
                }
            }
        } finally {
            families.writeLock().unlock();
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

    /**
     * Every stored span of the trace, over every retained day; empty when the trace is unknown. A span stored
     * under two days (sent again with another start time) appears once, from the newest day.
     */
    public List<StoredSpan> trace(TraceId traceId) throws IOException {
        byte[] prefix = traceId.bytes().toByteArray();
        Map<ByteString, StoredSpan> out = new LinkedHashMap<>();
        families.readLock().lock();
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(true)) {
            for (DayFamilies day : days.values()) {
                try (RocksIterator it = db.newIterator(day.spans(), ro)) {
                    for (it.seek(prefix); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        if (!startsWith(key, prefix)) {
                            break;
                        }
                        StoredSpan s = decode(key, it.value());
                        out.putIfAbsent(s.span().getSpanId(), s);
                    }
                    it.status();
                }
            }
        } catch (RocksDBException e) {
            throw new IOException("trace store read failed: " + e.getMessage(), e);
        } finally {
            families.readLock().unlock();
        }
        return new ArrayList<>(out.values());
    }

    /** The days (yyyyMMdd, newest first) whose spans carry the correlation value {@code value}. */
    public List<String> correlationDays(String value) throws IOException {
        byte[] key = bytes(value);
        List<String> out = new ArrayList<>();
        families.readLock().lock();
        try {
            for (Map.Entry<String, DayFamilies> e : days.entrySet()) {
                if (db.get(e.getValue().correlations(), key) != null) {
                    out.add(e.getKey());
                }
            }
        } catch (RocksDBException e) {
            throw new IOException("trace store read failed: " + e.getMessage(), e);
        } finally {
            families.readLock().unlock();
        }
        return out;
    }

    /** The days that hold spans, newest first. */
    public List<String> days() {
        families.readLock().lock();
        try {
            return new ArrayList<>(days.keySet());
        } finally {
            families.readLock().unlock();
        }
    }

    /**
     * Drops every day before {@code oldestKept} (yyyyMMdd) and refuses spans of those days from now on.
     *
     * @return the days dropped
     */
    public List<String> dropBefore(String oldestKept) throws IOException {
        List<String> dropped = new ArrayList<>();
        families.writeLock().lock();
        try {
            this.oldestKept = oldestKept;
            for (String day : new ArrayList<>(days.keySet())) {
                if (day.compareTo(oldestKept) < 0) {
                    DayFamilies f = days.remove(day);
                    for (ColumnFamilyHandle h : List.of(f.spans(), f.correlations())) {
                        db.dropColumnFamily(h);
                        handles.remove(h);
                        h.close();
                    }
                    dropped.add(day);
                }
            }
        } catch (RocksDBException e) {
            throw new IOException("dropping trace days before " + oldestKept + " failed: " + e.getMessage(), e);
        } finally {
            families.writeLock().unlock();
        }
        if (!dropped.isEmpty()) {
            LOG.info(() -> "trace retention dropped days " + dropped);
        }
        return dropped;
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
        families.readLock().lock();
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            List<ColumnFamilyHandle> all = new ArrayList<>();
            all.add(db.getDefaultColumnFamily());
            all.add(resourceCf);
            for (DayFamilies d : days.values()) {
                all.add(d.spans());
                all.add(d.correlations());
            }
            db.flush(fo, all);
        } catch (RocksDBException e) {
            throw new IOException("trace store flush failed: " + e.getMessage(), e);
        } finally {
            families.readLock().unlock();
        }
    }

    /** Closes the database; what was not committed is replayed from the WAL on the next start. Idempotent. */
    @Override
    public synchronized void close() {
        families.writeLock().lock();
        try {
            handles.forEach(ColumnFamilyHandle::close);
            handles.clear();
            if (db != null) {
                db.close();
                db = null;
            }
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception ignored) {
                    // closing native handles does not fail in practice; nothing useful to do
                }
            }
            resources.clear();
            days.clear();
        } finally {
            families.writeLock().unlock();
        }
    }
}
