package dev.sightline.storage.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.files.CorruptFileException;
import dev.sightline.storage.files.FileVersionException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file on disk, byte for byte as the code before the shared helper wrote it. */
class SpanMetricsStateFileTest {
    private static final long LSN = 123_456_789L;
    private static final ExportMetricsServiceRequest SERIES = ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                    .addMetrics(Metric.newBuilder().setName("traces.span.metrics.duration")
                            .setHistogram(Histogram.newBuilder().addDataPoints(HistogramDataPoint.newBuilder()
                                    .setStartTimeUnixNano(1).setCount(3).setSum(0.5).addBucketCounts(3))))))
            .build();

    @TempDir
    Path dir;

    /** The layout of docs/format/span-metrics-state.md, built here by hand. */
    private static byte[] oldBytes(String magic, int version, long lsn, byte[] payload) {
        return ByteBuffer.allocate(28 + payload.length).put(magic.getBytes(StandardCharsets.US_ASCII))
                .putInt(version).putLong(lsn).putInt(payload.length).putInt(crc(lsn, payload)).put(payload).array();
    }

    private static int crc(long lsn, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(8).putLong(lsn).array());
        c.update(payload);
        return (int) c.getValue();
    }

    private Path file() {
        return dir.resolve("spanmetrics/state");
    }

    private void writeOld(byte[] bytes) throws IOException {
        Files.createDirectories(file().getParent());
        Files.write(file(), bytes);
    }

    @Test
    void aFileWrittenByTheOldCodeIsReadAndTheNewWriterWritesTheSameBytes() throws IOException {
        byte[] old = oldBytes("SLSPANM\0", 1, LSN, SERIES.toByteArray());
        writeOld(old);
        SpanMetricsStateFile f = new SpanMetricsStateFile(file());
        assertThat(f.read()).isEqualTo(new SpanMetricsStateFile.State(LSN, SERIES));

        f.write(LSN, SERIES);
        assertThat(Files.readAllBytes(file())).isEqualTo(old);
        assertThat(dir.resolve("spanmetrics/state.tmp")).doesNotExist();
    }

    @Test
    void aCorruptChecksumNamesTheFileAndBothValues() throws IOException {
        byte[] payload = SERIES.toByteArray();
        byte[] bytes = oldBytes("SLSPANM\0", 1, LSN, payload);
        bytes[bytes.length - 1] ^= 1;
        byte[] damaged = payload.clone();
        damaged[damaged.length - 1] ^= 1;
        writeOld(bytes);
        assertThatThrownBy(() -> new SpanMetricsStateFile(file()).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(file() + ": span metrics state checksum mismatch: expected "
                        + String.format("0x%08x", crc(LSN, payload)) + ", got "
                        + String.format("0x%08x", crc(LSN, damaged)));
    }

    @Test
    void aWrongMagicNamesTheFileAndBothValues() throws IOException {
        writeOld(oldBytes("SLSPANX\0", 1, LSN, SERIES.toByteArray()));
        assertThatThrownBy(() -> new SpanMetricsStateFile(file()).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(file() + ": not a span metrics state file: expected magic SLSPANM\\0, got SLSPANX\\0");
    }

    @Test
    void aTooNewVersionNamesTheFileAndBothValues() throws IOException {
        writeOld(oldBytes("SLSPANM\0", 2, LSN, SERIES.toByteArray()));
        assertThatThrownBy(() -> new SpanMetricsStateFile(file()).read()).isInstanceOf(FileVersionException.class)
                .hasMessage(file() + ": span metrics state version 2 is too new: expected version 1..1, got 2");
    }

    @Test
    void aLeftoverTemporaryFileIsHarmless() throws IOException {
        SpanMetricsStateFile f = new SpanMetricsStateFile(file());
        f.write(LSN, SERIES);
        Files.write(dir.resolve("spanmetrics/state.tmp"), oldBytes("SLSPANM\0", 1, LSN + 1, new byte[500]));
        assertThat(f.read().lsn()).isEqualTo(LSN);
        f.write(LSN + 2, SERIES);
        assertThat(dir.resolve("spanmetrics/state.tmp")).doesNotExist();
        assertThat(Files.readAllBytes(file())).isEqualTo(oldBytes("SLSPANM\0", 1, LSN + 2, SERIES.toByteArray()));
    }
}
