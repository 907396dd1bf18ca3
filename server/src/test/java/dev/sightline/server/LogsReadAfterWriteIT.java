package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read after write on a freshly started server process (cold JVM, no log partition yet): a record is found by
 * search soon after its export is acknowledged. The delay is printed, not asserted (timing on a shared machine);
 * the test waits generously.
 */
class LogsReadAfterWriteIT {
    @TempDir
    Path tmp;

    @Test
    void theFirstRecordIsSearchableSoonAfterItsAcknowledgement() throws Exception {
        try (ChildServer server = ChildServer.start(tmp.resolve("data"), tmp.resolve("server.log"))) {
            for (int i = 0; i < 3; i++) {
                long now = OtlpRequests.nowNanos();
                String marker = "fresh" + i + "x" + Long.toHexString(now);
                byte[] body = ("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + now
                        + "\",\"body\":{\"stringValue\":\"" + marker + "\"}}]}]}]}").getBytes(StandardCharsets.UTF_8);
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), body, "Content-Type",
                        "application/json");
                long acked = System.nanoTime();
                assertThat(r.status()).isEqualTo(200);
                LogSearches.awaitRecords(server.query(""), "query=" + marker, 1);
                System.out.println("LogsReadAfterWriteIT: record " + i + " searchable "
                        + (System.nanoTime() - acked) / 1_000_000 + " ms after its acknowledgement");
            }
        }
    }
}
