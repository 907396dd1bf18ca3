package dev.sightline.storage.write;

import dev.sightline.storage.testing.InMemoryRecordLog;
import dev.sightline.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WritePathContract} against each {@link RecordLog}: the WAL, and the in-memory log whose LSNs are dense
 * and assigned at sync, as a Kafka partition's offsets would be.
 */
class WritePathTest {
    @Nested
    class OnWriteAheadLog extends WritePathContract {
        @TempDir
        Path dir;

        @Override
        RecordLog open() throws IOException {
            return WriteAheadLog.open(dir.resolve("wal"), 64L << 20);
        }

        @Override
        RecordLog openAnother(RecordLog log) throws IOException {
            return WriteAheadLog.open(dir.resolve("wal"), 64L << 20);
        }
    }

    @Nested
    class OnInMemoryLog extends WritePathContract {
        @Override
        RecordLog open() {
            return new InMemoryRecordLog();
        }

        @Override
        RecordLog openAnother(RecordLog log) {
            return ((InMemoryRecordLog) log).reopen();
        }
    }
}
