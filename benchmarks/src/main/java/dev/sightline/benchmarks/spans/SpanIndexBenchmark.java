package dev.sightline.benchmarks.spans;

import dev.sightline.benchmarks.TraceData;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.spans.SpanDocuments;
import dev.sightline.storage.spans.SpanIndex;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
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
 * Span indexing, and Lucene's own ceiling on the same documents: {@code spanIndexApply} is what the indexer thread
 * does per batch (document building included); {@code rawLuceneAddDocuments} adds the same documents, built
 * once, straight to an {@link IndexWriter} with the same settings. Scores are spans per second, one thread.
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
    IndexWriter raw;
    FSDirectory rawDir;
    ExportTraceServiceRequest batch;
    List<Document> docs;
    long lsn;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("sightline-span-bench");
        index = SpanIndex.open(dir.resolve("spans"), 3_600_000);
        rawDir = FSDirectory.open(dir.resolve("raw"));
        raw = new IndexWriter(rawDir, new IndexWriterConfig().setRAMBufferSizeMB(32).setCommitOnClose(false));
        batch = TraceData.batch(3, SPANS);
        docs = new ArrayList<>();
        for (ResourceSpans rs : batch.getResourceSpansList()) {
            String service = ServiceName.of(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    docs.add(SpanDocuments.toDocument(rs.getResource(), service, ss.getScope().getName(), span));
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public void spanIndexApply() throws IOException {
        index.apply(++lsn, Signal.TRACES, batch);
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public long rawLuceneAddDocuments() throws IOException {
        return raw.addDocuments(docs);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
        raw.rollback();
        rawDir.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
