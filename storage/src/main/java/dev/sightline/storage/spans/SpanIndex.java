package dev.sightline.storage.spans;

import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DayPartitions;
import dev.sightline.storage.partition.PartitionOptions;
import dev.sightline.storage.partition.PartitionedIndex;
import dev.sightline.storage.partition.PartitionSearch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
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
 * This class owns what is particular to spans: the documents (blocks of spans, {@link SpanDocuments}), the writer
 * settings, and moving aside day folders of earlier formats. Searches are in {@link SpanSearcher}.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; the rest from any.
 */
public final class SpanIndex extends PartitionedIndex {
    /** The on-disk format this build writes (docs/format/span-index.md). */
    static final int FORMAT = 3;
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

    /**
     * Opens every day folder except one written by an earlier format (1 or 2: one document per span), which is
     * moved aside: Lucene keeps one schema per field within an index, and format 3 indexes {@code start} and
     * {@code duration} as ranges where format 2 had points, so the day could take no new block.
     */
    private static boolean admit(Path dir) throws IOException {
        int format = formatOf(dir);
        if (format == FORMAT) {
            return true;
        }
        String version = format > 0 ? "format " + format : "an unknown format";
        Path aside = asideName(dir, format > 0 ? ".format" + format : ".format-unknown");
        Files.move(dir, aside);
        LOG.warning("span index " + dir + " was written by " + version + " (one document per span), which Lucene"
                + " cannot mix with format " + FORMAT + "'s span blocks; moved to " + aside + ": its spans stay"
                + " readable by trace ID but are no longer searchable (search, services, dependencies,"
                + " correlations); delete the folder when done with it (docs/format/span-index.md)");
        return false;
    }

    /** The first of {@code dir + suffix}, {@code dir + suffix + ".2"}, ... that does not exist. */
    private static Path asideName(Path dir, String suffix) {
        Path aside = dir.resolveSibling(dir.getFileName() + suffix);
        for (int n = 2; Files.exists(aside); n++) {
            aside = dir.resolveSibling(dir.getFileName() + suffix + "." + n);
        }
        return aside;
    }

    /**
     * The format a day folder was written by (docs/format/span-index.md): {@value #FORMAT} for blocks (or no
     * document yet), 2 for per-span documents with numeric span IDs, 1 for per-span documents with an inverted
     * span ID, 0 for anything else.
     */
    static int formatOf(Path dir) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                return FORMAT;
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                FieldInfos fields = FieldInfos.getMergedFieldInfos(r);
                if (fields.size() == 0 || fields.fieldInfo(SpanFields.SPANS) != null) {
                    return FORMAT;
                }
                if (fields.fieldInfo("span_id") != null) {
                    return 1;
                }
                return fields.fieldInfo("span_id64") != null || fields.fieldInfo("trace_id") != null ? 2 : 0;
            }
        }
    }

    /**
     * Indexes and searches one block in memory, so that Lucene's first use (class loading, codecs, the
     * vectorisation provider: a second or more on a busy machine) happens at start-up and not on the first span,
     * where it would delay read-after-write.
     */
    private static void warmUp() throws IOException {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            SpanBlockBuilder block = new SpanBlockBuilder("warm-up", List.of());
            block.add("", Span.newBuilder().setStartTimeUnixNano(1).setEndTimeUnixNano(2).build());
            w.addDocument(block.toDocument());
            try (DirectoryReader r = DirectoryReader.open(w)) {
                SpanCondition all = SpanCondition.of(new MatchAllDocsQuery());
                SpanBlocks.scan(new IndexSearcher(r), all.blockQuery(), b -> all.bind(b).test(0));
            }
        }
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.TRACES;
    }

    /**
     * Indexes the spans of one record as blocks ({@link SpanDocuments}), each in the day of its spans' start;
     * spans of dropped days, or of days whose commit already holds the record, are skipped.
     */
    @Override
    public void apply(long lsn, Signal signal, Object batch) throws IOException {
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) batch;
        partitions.apply(lsn, sink -> SpanDocuments.addBlocks(request, sink));
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
