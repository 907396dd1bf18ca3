package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM drains, commits and checkpoints: the process exits on its own and the next start replays nothing. */
class GracefulShutdownIT {
    @TempDir
    Path tmp;

    @Test
    void sigtermFlushesAndTheNextStartHasNothingToReplay() throws Exception {
        Path data = tmp.resolve("data");
        Random random = new Random(7);
        byte[] trace = OtlpRequests.randomId(random, 16);
        try (ChildServer server = ChildServer.start(data, tmp.resolve("first.log"))) {
            long now = OtlpRequests.nowNanos();
            for (int i = 0; i < 20; i++) {
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"),
                        OtlpRequests.request("graceful", List.of(OtlpRequests.span(trace,
                                OtlpRequests.randomId(random, 8), "op-" + i, now, now + 10))).toByteArray(),
                        "Content-Type", "application/x-protobuf");
                assertThat(r.status()).isEqualTo(200);
            }
            server.process.destroy(); // SIGTERM
            assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(server.logText()).contains("Sightline stopped");
        }
        try (ChildServer server = ChildServer.start(data, tmp.resolve("second.log"))) {
            assertThat(server.logText()).contains("(0 WAL records replayed)");
            TestHttp.Response r = TestHttp.get(server.query("/api/traces/" + CrashRecoveryIT.hex(trace)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().at("/data/0/spans")).hasSize(20);
        }
    }
}
