package dev.sightline.benchmarks.wal;

import dev.sightline.benchmarks.TraceData;
import dev.sightline.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WAL append with group commit: {@code group} batches of 512 spans (~90 KiB each) appended, then one fsync.
 * The score is batches per second; multiply by 512 for spans per second and by the batch size for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class WalAppendBenchmark {
    @Param({"1", "8", "32"})
    public int group;

    Path dir;
    WriteAheadLog wal;
    byte[] payload;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("sightline-wal-bench");
        wal = WriteAheadLog.open(dir, 256L << 20);
        payload = TraceData.batch(2, 512).toByteArray();
        System.out.printf("%nbatch: %d bytes%n", payload.length);
    }

    @Benchmark
    public long appendGroupAndSync() throws IOException {
        for (int i = 0; i < group; i++) {
            wal.append((byte) 1, payload);
        }
        long[] lsns = wal.sync();
        long lsn = lsns[lsns.length - 1];
        // Keep the folder from filling the disk: drop every segment but the current one.
        if (wal.segmentCount() > 2) {
            wal.deleteThrough(lsn);
        }
        return lsn;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        wal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
