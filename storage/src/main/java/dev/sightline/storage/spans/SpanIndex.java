package dev.sightline.storage.spans;

import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DayPartitions;
import dev.sightline.storage.partition.PartitionOptions;
import dev.sightline.storage.partition.PartitionedIndex;
import dev.sightline.storage.partition.PartitionSearch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.logging.Logger;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;

/**
 * The span search index: one Lucene index per UTC day of span start time ({@code spans/yyyyMMdd/}), kept by
 * {@link DayPartitions}, so a time-bounded search opens only the days it covers and retention drops whole folders.
 * This class owns what is particular to spans: the documents ({@link SpanDocuments}), the writer settings, and
 * moving aside day folders of format 1. Searches are in {@link SpanSearcher}.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; the rest from any.
 */
public final class SpanIndex extends PartitionedIndex {
    private static final Logger LOG = Logger.getLogger(SpanIndex.class.getName());

    private SpanIndex(DayPartitions partitions) {
        super(partitions);
    }

    /**
     * Opens (or creates) the index under {@code root}.
     *
     * @param refreshMillis how often searchers are reopened to see new spans
     */
    public static SpanIndex open(Path root, long refreshMillis) throws IOException {
        PartitionOptions options = PartitionOptions.of("span", refreshMillis,
                        () -> new IndexWriterConfig().setRAMBufferSizeMB(32))
                .withFolders(SpanIndex::admit)
                .withWarmUp(SpanIndex::warmUp);
        return new SpanIndex(DayPartitions.open(root, options));
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
    public void apply(long lsn, Signal signal, Object batch) throws IOException {
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

    /**
     * Runs {@code search} on a searcher of each partition whose day overlaps [{@code startNanos},
     * {@code endNanos}], newest day first, until it returns false. Partitions cannot be dropped meanwhile.
     */
    void searchNewestFirst(long startNanos, long endNanos, PartitionSearch<RuntimeException> search)
            throws IOException {
        partitions.search(day -> Days.overlaps(day, startNanos, endNanos), true, search);
    }

    /** Like {@link #searchNewestFirst}, over the given days only (those that exist), newest first. */
    void searchDays(Collection<String> onlyDays, PartitionSearch<RuntimeException> search) throws IOException {
        partitions.search(onlyDays::contains, true, search);
    }
}
