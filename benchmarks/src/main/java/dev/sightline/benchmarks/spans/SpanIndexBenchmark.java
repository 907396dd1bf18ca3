package dev.sightline.benchmarks.spans;

import dev.sightline.benchmarks.TraceData;
import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DaySink;
import dev.sightline.storage.spans.SpanDocuments;
import dev.sightline.storage.spans.SpanFields;
import dev.sightline.storage.spans.SpanIndex;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Span indexing, and Lucene's own ceiling on the same input, all in spans per second, one thread, on one 512-span
 * batch ({@link TraceData}: traces of 8 spans over 6 services):
 * <ul>
 *   <li>{@code spanIndexApply}: what the indexer thread does per batch (block documents built, then indexed);
 *   <li>{@code buildBlockDocuments}: building the block documents alone;
 *   <li>{@code rawLuceneAddBlocks}: the same block documents, built once, added straight to an
 *       {@link IndexWriter} with the same settings;
 *   <li>{@code rawLuceneAddPerSpanDocuments}: format 2's documents (one per span, IDs as doc values, built once
 *       by a copy of its builder kept here), added the same way: what blocks are measured against.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class SpanIndexBenchmark {
    static final int SPANS = 512;
    Path dir;
    SpanIndex index;
    IndexWriter rawBlocks;
    FSDirectory rawBlocksDir;
    IndexWriter rawSpans;
    FSDirectory rawSpansDir;
    ExportTraceServiceRequest batch;
    List<Document> blocks;
    List<Document> perSpan;
    long lsn;

    /** Collects the documents of a batch, skipping no day. */
    static final class Collect implements DaySink {
        final List<Document> docs = new ArrayList<>();

        @Override
        public boolean skips(String day) {
            return false;
        }

        @Override
        public boolean add(String day, Document doc) {
            docs.add(doc);
            return true;
        }
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("sightline-span-bench");
        index = SpanIndex.open(dir.resolve("spans"), 3_600_000);
        rawBlocksDir = FSDirectory.open(dir.resolve("raw-blocks"));
        rawBlocks = new IndexWriter(rawBlocksDir, config());
        rawSpansDir = FSDirectory.open(dir.resolve("raw-spans"));
        rawSpans = new IndexWriter(rawSpansDir, config());
        batch = TraceData.batch(3, SPANS);
        Collect c = new Collect();
        SpanDocuments.addBlocks(batch, c);
        blocks = c.docs;
        perSpan = new ArrayList<>();
        for (ResourceSpans rs : batch.getResourceSpansList()) {
            String service = ServiceName.of(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    perSpan.add(format2Document(rs.getResource(), service, ss.getScope().getName(), span));
                }
            }
        }
    }

    private static IndexWriterConfig config() {
        return new IndexWriterConfig().setRAMBufferSizeMB(32).setCommitOnClose(false);
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public void spanIndexApply() throws IOException {
        index.apply(++lsn, Signal.TRACES, batch);
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public int buildBlockDocuments() throws IOException {
        Collect c = new Collect();
        SpanDocuments.addBlocks(batch, c);
        return c.docs.size();
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public long rawLuceneAddBlocks() throws IOException {
        return rawBlocks.addDocuments(blocks);
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public long rawLuceneAddPerSpanDocuments() throws IOException {
        return rawSpans.addDocuments(perSpan);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
        rawBlocks.rollback();
        rawBlocksDir.close();
        rawSpans.rollback();
        rawSpansDir.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The document of one span as format 2 built it (docs/format/span-index.md, version 2). */
    static Document format2Document(Resource resource, String service, String scope, Span span) {
        Document doc = new Document();
        doc.add(new SortedDocValuesField("trace_id", new BytesRef(span.getTraceId().toByteArray())));
        doc.add(new NumericDocValuesField("span_id64", SpanFields.spanIdLong(span.getSpanId())));
        if (!span.getParentSpanId().isEmpty()) {
            doc.add(new NumericDocValuesField("parent_span_id64", SpanFields.spanIdLong(span.getParentSpanId())));
        }
        String kind = span.getKind().name().replace("SPAN_KIND_", "").toLowerCase(Locale.ROOT);
        doc.add(new StringField(SpanFields.OPERATION_KEY, service + SpanFields.SEPARATOR + kind
                + SpanFields.SEPARATOR + span.getName(), Field.Store.NO));
        for (Span.Link link : span.getLinksList()) {
            doc.add(new StringField(SpanFields.LINK_TRACE_ID, HexIds.toHex(link.getTraceId()), Field.Store.NO));
        }
        doc.add(new StringField(SpanFields.SERVICE, service, Field.Store.NO));
        doc.add(new SortedDocValuesField(SpanFields.SERVICE, new BytesRef(service)));
        doc.add(new StringField(SpanFields.NAME, span.getName(), Field.Store.NO));
        doc.add(new StringField(SpanFields.KIND, kind, Field.Store.NO));
        doc.add(new StringField(SpanFields.STATUS, span.getStatus().getCode().name().replace("STATUS_CODE_", "")
                .toLowerCase(Locale.ROOT), Field.Store.NO));
        if (!scope.isEmpty()) {
            doc.add(new StringField(SpanFields.SCOPE, scope, Field.Store.NO));
        }
        long start = span.getStartTimeUnixNano();
        long duration = Math.max(0, span.getEndTimeUnixNano() - start);
        doc.add(new LongPoint(SpanFields.START, start));
        doc.add(new NumericDocValuesField(SpanFields.START, start));
        doc.add(new LongPoint(SpanFields.DURATION, duration));
        doc.add(new NumericDocValuesField(SpanFields.DURATION, duration));
        for (KeyValue kv : span.getAttributesList()) {
            doc.add(new StringField(SpanFields.ATTRIBUTE_PREFIX + kv.getKey(), AnyValues.toText(kv.getValue()),
                    Field.Store.NO));
        }
        for (KeyValue kv : resource.getAttributesList()) {
            doc.add(new StringField(SpanFields.RESOURCE_PREFIX + kv.getKey(), AnyValues.toText(kv.getValue()),
                    Field.Store.NO));
        }
        return doc;
    }
}
