package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged server ({@code target/sightline-server.jar}) as a child process, started the way the launcher
 * starts it, so tests can SIGTERM or SIGKILL it.
 */
final class ChildServer implements AutoCloseable {
    final Process process;
    final Path log;
    final int grpcPort;
    final int httpPort;
    final int queryPort;

    private ChildServer(Process process, Path log, int grpcPort, int httpPort, int queryPort) {
        this.process = process;
        this.log = log;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.queryPort = queryPort;
    }

    static ChildServer start(Path dataDir, Path log, String... extraFlags) throws IOException {
        String jar = System.getProperty("sightline.server.jar", "target/sightline-server.jar");
        assertThat(Path.of(jar)).as("the packaged server jar (built by mvn package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        int[] ports = freePorts(3);
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", jar,
                "--listen_address=127.0.0.1", "--data_dir=" + dataDir,
                "--ingest.grpc_port=" + ports[0], "--ingest.http_port=" + ports[1], "--query.port=" + ports[2]));
        cmd.addAll(List.of(extraFlags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ChildServer child = new ChildServer(p, log, ports[0], ports[1], ports[2]);
        child.awaitReady(Duration.ofSeconds(60));
        return child;
    }

    private static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return out;
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (TestHttp.get(query("/readyz")).status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IllegalStateException("server not ready within " + timeout + ":\n" + logText());
    }

    /** Sends a signal ({@code HUP}, {@code TERM}) to the server process with {@code kill}. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + name).isZero();
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String otlpHttp(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    String query(String path) {
        return "http://127.0.0.1:" + queryPort + path;
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
