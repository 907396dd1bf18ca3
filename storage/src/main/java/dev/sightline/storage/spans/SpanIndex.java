package dev.sightline.storage.spans;

import com.google.protobuf.Message;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DayPartitions;
import dev.sightline.storage.partition.PartitionOptions;
import dev.sightline.storage.partition.PartitionSearch;
import dev.sightline.storage.write.Applier;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The span search index: one Lucene index per UTC day of span start time ({@code spans/yyyyMMdd/}), kept by
 * {@link DayPartitions}, so a time-bounded search opens only the days it covers and retention drops whole folders.
 * This class owns what is particular to spans: the documents ({@link SpanDocuments}), the writer settings, and
 * moving aside day folders of format 1.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; the rest from any.
 */
public final class SpanIndex implements Applier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpanIndex.class.getName());

    private final DayPartitions partitions;
    private final CorrelationKeys correlationKeys;

    private SpanIndex(DayPartitions partitions, CorrelationKeys correlationKeys) {
        this.partitions = partitions;
        this.correlationKeys = correlationKeys;
    }

    /**
     * Opens (or creates) the index under {@code root}.
     *
     * @param refreshMillis how often searchers are reopened to see new spans
     */
    public static SpanIndex open(Path root, long refreshMillis, CorrelationKeys correlationKeys) throws IOException {
        PartitionOptions options = PartitionOptions.of("span", refreshMillis,
                        () -> new IndexWriterConfig().setRAMBufferSizeMB(32))
                .withFolders(SpanIndex::admit)
                .withWarmUp(SpanIndex::warmUp);
        return new SpanIndex(DayPartitions.open(root, options), correlationKeys);
    }

    /** Opens every day folder except one of format 1, which is moved aside. */
    private static boolean admit(Path dir) throws IOException {
        if (!writtenByFormat1(dir)) {
            return true;
        }
        Path aside = dir.resolveSibling(dir.getFileName() + ".format1");
        Files.move(dir, aside);
        LOG.warning("span index " + dir + " was written by format 1, whose ID fields Lucene cannot mix"
                + " with format 2's; moved to " + aside + ": its spans stay readable by trace ID but"
                + " are no longer searchable; delete the folder when done with it");
        return false;
    }

    /** A day folder of format 1 (docs/format/span-index.md) holds the span ID as an inverted field. */
    private static boolean writtenByFormat1(Path dir) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                return false;
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                return FieldInfos.getMergedFieldInfos(r).fieldInfo("span_id") != null;
            }
        }
    }

    /**
     * Indexes and searches one document in memory, so that Lucene's first use (class loading, codecs, the
     * vectorisation provider: a second or more on a busy machine) happens at start-up and not on the first span,
     * where it would delay read-after-write.
     */
    private static void warmUp() throws IOException {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            w.addDocument(SpanDocuments.toDocument(Resource.getDefaultInstance(), "warm-up", "",
                    Span.newBuilder().setStartTimeUnixNano(1).setEndTimeUnixNano(2).build()));
            try (DirectoryReader r = DirectoryReader.open(w)) {
                new IndexSearcher(r).count(new MatchAllDocsQuery());
            }
        }
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.TRACES;
    }

    /** Indexes every span in the day of its start; spans of dropped days, or already committed, are skipped. */
    @Override
    public void apply(long lsn, Signal signal, Message batch) throws IOException {
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) batch;
        partitions.apply(lsn, sink -> {
            for (ResourceSpans rs : request.getResourceSpansList()) {
                String service = ServiceName.of(rs.getResource().getAttributesList());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        String day = Days.of(span.getStartTimeUnixNano());
                        if (!sink.skips(day)) {
                            sink.add(day, SpanDocuments.toDocument(rs.getResource(), service, ss.getScope().getName(),
                                    span));
                        }
                    }
                }
            }
        });
    }

    @Override
    public void commit(long throughLsn) throws IOException {
        partitions.commit(throughLsn);
    }

    /**
     * Deletes every partition of a day before {@code oldestKept} (yyyyMMdd), and ignores spans of those days from
     * now on.
     *
     * @return the days dropped
     */
    public List<String> dropBefore(String oldestKept) throws IOException {
        return partitions.dropBefore(oldestKept);
    }

    /** Makes every span applied so far searchable now (tests; searches normally wait for the refresher). */
    public void refreshNow() throws IOException {
        partitions.refreshNow();
    }

    /** The day partitions on disk, oldest first, as {@code yyyyMMdd}. */
    public List<String> partitionNames() {
        return partitions.days();
    }

    /**
     * Runs {@code search} on a searcher of each partition whose day overlaps [{@code startNanos},
     * {@code endNanos}], newest day first, until it returns false. Partitions cannot be dropped meanwhile.
     */
    public void searchNewestFirst(long startNanos, long endNanos, PartitionSearch<RuntimeException> search)
            throws IOException {
        partitions.search(day -> Days.overlaps(day, startNanos, endNanos), true, search);
    }

    /** Like {@link #searchNewestFirst}, over the given days only (those that exist), newest first. */
    public void searchDays(Collection<String> onlyDays, long startNanos, long endNanos,
            PartitionSearch<RuntimeException> search) throws IOException {
        partitions.search(day -> onlyDays.contains(day) && Days.overlaps(day, startNanos, endNanos), true, search);
    }

    /**
     * Spans carrying {@code value} in any configured correlation attribute, on the span or its resource. The
     * attributes are indexed anyway ({@code attributes.<key>}, {@code resource.<key>}), so correlation values cost
     * no field of their own.
     */
    public Query correlationQuery(String value) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String key : correlationKeys.keys()) {
            b.add(new TermQuery(new Term(SpanFields.ATTRIBUTE_PREFIX + key, value)), BooleanClause.Occur.SHOULD);
            b.add(new TermQuery(new Term(SpanFields.RESOURCE_PREFIX + key, value)), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /** The {@code service.name} resource attribute, or OpenTelemetry's default for a resource without one. */
    public static String serviceName(List<KeyValue> resourceAttributes) {
        return ServiceName.of(resourceAttributes);
    }

    /** Number of spans matching {@code query} across all partitions. */
    public long count(Query query) throws IOException {
        long[] total = {0};
        searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            total[0] += s.count(query);
            return true;
        });
        return total[0];
    }

    /** Trace IDs (hex) of spans matching {@code query}, distinct, at most {@code limit}. */
    public Set<String> traceIds(Query query, int limit) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            TopDocs top = s.search(query, limit);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(traceIdOf(s, sd.doc));
                if (out.size() >= limit) {
                    return false;
                }
            }
            return true;
        });
        return out;
    }

    private static String traceIdOf(IndexSearcher s, int doc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        SortedDocValues dv = leaf.reader().getSortedDocValues(SpanFields.TRACE_ID);
        if (dv == null || !dv.advanceExact(doc - leaf.docBase)) {
            throw new IOException("span document " + doc + " has no trace ID");
        }
        BytesRef b = dv.lookupOrd(dv.ordValue());
        byte[] raw = new byte[b.length];
        System.arraycopy(b.bytes, b.offset, raw, 0, b.length);
        return HexIds.toHex(raw);
    }

    @Override
    public void close() {
        partitions.close();
    }
}
