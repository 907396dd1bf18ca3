package dev.sightline.benchmarks.logs;

import dev.sightline.benchmarks.LogData;
import dev.sightline.storage.logs.LogIndex;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
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
 * Log indexing, and Lucene's own ceiling on the same documents: {@code logIndexApply} is what the indexer does
 * per export (grouping into blocks, the block documents with their zstd payloads, Lucene);
 * {@code rawLuceneAddDocuments} adds the same block documents, built once, straight to an {@link IndexWriter};
 * {@code rawLuceneAddRecordDocuments} adds one document per record (format 1's layout, without its stored
 * record), for the ratio between the layouts. A pool of 64 exports
 * of 1,000 records (distinct trace IDs) is cycled. Scores are log records per second, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class LogIndexBenchmark {
    static final int RECORDS = 1000;
    static final int POOL = 64;
    Path dir;
    LogIndex index;
    IndexWriter raw;
    FSDirectory rawDir;
    List<ExportLogsServiceRequest> batches = new ArrayList<>();
    List<List<Document>> docs = new ArrayList<>();
    List<List<Document>> recordDocs = new ArrayList<>();
    int next;
    long lsn;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("sightline-log-bench");
        index = LogIndex.open(dir.resolve("logs"), 3_600_000, CorrelationKeys.DEFAULT);
        rawDir = FSDirectory.open(dir.resolve("raw"));
        raw = new IndexWriter(rawDir, new IndexWriterConfig()
                .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_SPEED))
                .setRAMBufferSizeMB(32).setCommitOnClose(false));
        for (int i = 0; i < POOL; i++) {
            ExportLogsServiceRequest b = LogData.batch(100 + i, RECORDS);
            batches.add(b);
            docs.add(LogIndex.documents(b, i + 1, CorrelationKeys.DEFAULT));
            recordDocs.add(LogIndex.recordDocuments(b, CorrelationKeys.DEFAULT));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void logIndexApply() throws IOException {
        index.apply(++lsn, Signal.LOGS, batches.get(next++ % POOL));
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long rawLuceneAddDocuments() throws IOException {
        return raw.addDocuments(docs.get(next++ % POOL));
    }

    /** Format 1's layout for comparison: one document per record, search fields only (no stored record). */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long rawLuceneAddRecordDocuments() throws IOException {
        return raw.addDocuments(recordDocs.get(next++ % POOL));
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
