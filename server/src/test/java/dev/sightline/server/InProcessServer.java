package dev.sightline.server;

import dev.sightline.server.config.ConfigLoader;
import dev.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the real server in this JVM on free loopback ports with its data in a test folder. */
final class InProcessServer implements AutoCloseable {
    final SightlineServer server;

    private InProcessServer(SightlineServer server) {
        this.server = server;
    }

    static InProcessServer start(Path dataDir, String... extraFlags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen_address=127.0.0.1", "--data_dir=" + dataDir,
                "--ingest.grpc_port=0", "--ingest.http_port=0", "--query.port=0"));
        args.addAll(List.of(extraFlags));
        SightlineConfig config = ConfigLoader.load(args.toArray(String[]::new), Map.of()).config();
        return new InProcessServer(new SightlineServer(config).start());
    }

    String grpcEndpoint() {
        return "http://127.0.0.1:" + server.grpcPort();
    }

    String otlpHttp(String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    String query(String path) {
        return "http://127.0.0.1:" + server.queryPort() + path;
    }

    @Override
    public void close() {
        server.close();
    }
}
