package dev.sightline.benchmarks.traces;

import dev.sightline.benchmarks.TraceData;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.traces.TraceStore;
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
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The trace store's apply (what the WAL writer thread does per batch before the ack), and RocksDB's own ceiling:
 * batched puts of the same number of keys and values of the same sizes, RocksDB WAL off in both. A pool of 256
 * batches with distinct trace IDs is cycled. Scores are spans per second, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TraceStoreBenchmark {
    static final int SPANS = 512;
    static final int POOL = 256;
    Path dir;
    TraceStore store;
    RocksDB raw;
    Options rawOptions;
    WriteOptions noWal;
    List<ExportTraceServiceRequest> batches = new ArrayList<>();
    List<byte[][]> rawBatches = new ArrayList<>();
    int next;
    long lsn;

    @Setup(Level.Trial)
    public void setup() throws IOException, RocksDBException {
        dir = Files.createTempDirectory("sightline-trace-bench");
        store = TraceStore.open(dir.resolve("traces"), CorrelationKeys.DEFAULT);
        rawOptions = new Options().setCreateIfMissing(true);
        raw = RocksDB.open(rawOptions, dir.resolve("raw").toString());
        noWal = new WriteOptions().setDisableWAL(true);
        for (int i = 0; i < POOL; i++) {
            ExportTraceServiceRequest b = TraceData.batch(1000 + i, SPANS);
            batches.add(b);
            byte[][] kv = new byte[SPANS * 2][];
            int k = 0;
            for (ResourceSpans rs : b.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        byte[] key = new byte[24];
                        s.getTraceId().copyTo(key, 0);
                        s.getSpanId().copyTo(key, 16);
                        kv[k++] = key;
                        kv[k++] = s.toByteArray();
                    }
                }
            }
            rawBatches.add(kv);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public void traceStoreApply() throws IOException {
        store.apply(++lsn, Signal.TRACES, batches.get(next++ % POOL));
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public void rawRocksDbBatchedPuts() throws RocksDBException {
        byte[][] kv = rawBatches.get(next++ % POOL);
        try (WriteBatch wb = new WriteBatch()) {
            for (int i = 0; i < kv.length; i += 2) {
                wb.put(kv[i], kv[i + 1]);
            }
            raw.write(noWal, wb);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        raw.close();
        rawOptions.close();
        noWal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
