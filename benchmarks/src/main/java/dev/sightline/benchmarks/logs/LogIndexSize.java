package dev.sightline.benchmarks.logs;

import com.google.protobuf.ByteString;
import dev.sightline.ingest.otlp.OtlpJson;
import dev.sightline.storage.logs.LogIndex;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Not a JMH benchmark: a figure. Writes SDK-shaped log records (10 resource attributes, 5 record attributes,
 * templated bodies with varying numbers, 70% with trace and span IDs; seed 1) into a log index and prints its
 * size on disk against the same records as OTLP/JSON, per Lucene file extension.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.sightline.benchmarks.logs.LogIndexSize [records]</pre>
 */
public final class LogIndexSize {
    private static final String[] ROUTES = {"/api/orders/{id}", "/api/cart", "/api/users/{id}/profile", "/healthz",
        "/api/payments"};
    private static final String[] SERVICES = {"checkout", "payments", "cart", "users", "gateway", "search"};
    private static final int PER_RESOURCE = 25;

    private LogIndexSize() {
    }

    public static void main(String[] args) throws IOException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Random r = new Random(1);
        long base = Instant.parse("2026-01-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;
        Path dir = Files.createTempDirectory("sightline-log-size");
        long json = 0;
        long proto = 0;
        int n = 0;
        try (LogIndex index = LogIndex.open(dir, 3_600_000, CorrelationKeys.DEFAULT)) {
            long lsn = 0;
            while (n < records) {
                ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
                for (int s = 0; s < 2 && n < records; s++) {
                    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
                    String service = SERVICES[r.nextInt(SERVICES.length)];
                    scope.setScope(InstrumentationScope.newBuilder().setName("org.example." + service)
                            .setVersion("2.3.1"));
                    for (int i = 0; i < PER_RESOURCE && n < records; i++, n++) {
                        scope.addLogRecords(record(r, base));
                    }
                    req.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(r, service))
                            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0").addScopeLogs(scope));
                }
                ExportLogsServiceRequest built = req.build();
                json += OtlpJson.print(built).length();
                proto += built.getSerializedSize();
                index.apply(++lsn, Signal.LOGS, built);
            }
            index.commit(lsn);
        }
        Map<String, Long> byExtension = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                byExtension.merge(name.substring(name.lastIndexOf('.') + 1), f.toFile().length(), Long::sum);
            });
        }
        long disk = byExtension.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%d records: OTLP/JSON %d B (%.0f B/record), protobuf %d B, log index %d B "
                + "(%.1f%% of OTLP/JSON, %.0f B/record)%n", n, json, (double) json / n, proto, disk,
                100.0 * disk / json, (double) disk / n);
        System.out.println("by file extension: " + byExtension);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }

    private static Resource resource(Random r, String service) {
        return Resource.newBuilder().addAttributes(kv("service.name", service))
                .addAttributes(kv("service.version", "1.4." + r.nextInt(3)))
                .addAttributes(kv("service.instance.id", UUID.nameUUIDFromBytes(service.getBytes()).toString()))
                .addAttributes(kv("telemetry.sdk.language", "java"))
                .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(kv("telemetry.sdk.version", "1.67.0"))
                .addAttributes(kv("host.name", service + "-7f9c8d-" + (char) ('a' + r.nextInt(3))))
                .addAttributes(kv("process.pid", AnyValue.newBuilder().setIntValue(1000 + r.nextInt(50)).build()))
                .addAttributes(kv("deployment.environment", "prod"))
                .addAttributes(kv("k8s.namespace.name", "shop"))
                .build();
    }

    private static LogRecord record(Random r, long base) {
        long t = base - r.nextInt(3_600_000) * 1_000_000L;
        String route = ROUTES[r.nextInt(ROUTES.length)];
        int status = r.nextInt(10) == 0 ? 500 + r.nextInt(4) : 200;
        long millis = 1 + r.nextInt(900);
        String body = switch (r.nextInt(4)) {
            case 0 -> "GET " + route.replace("{id}", Integer.toString(r.nextInt(100_000))) + " completed in " + millis
                    + " ms with status " + status;
            case 1 -> "user " + r.nextInt(100_000) + " logged in from 10." + r.nextInt(255) + "." + r.nextInt(255) + "."
                    + r.nextInt(255);
            case 2 -> "connection refused by payments-" + Integer.toHexString(r.nextInt(0xffff)) + ":8080 after "
                    + r.nextInt(5) + " retries; giving up";
            default -> "cache miss for key order:" + r.nextInt(1_000_000) + ", loading from database (" + millis
                    + " ms)";
        };
        LogRecord.Builder lr = LogRecord.newBuilder().setTimeUnixNano(t)
                .setObservedTimeUnixNano(t + r.nextInt(1_000_000))
                .setSeverityNumberValue(status >= 500 ? 17 : 9).setSeverityText(status >= 500 ? "ERROR" : "INFO")
                .setBody(AnyValue.newBuilder().setStringValue(body))
                .addAttributes(kv("http.request.method", "GET"))
                .addAttributes(kv("http.route", route))
                .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(status).build()))
                .addAttributes(kv("duration_ms", AnyValue.newBuilder().setDoubleValue(millis).build()))
                .addAttributes(kv("thread.name", "http-nio-8080-exec-" + r.nextInt(20)));
        if (r.nextInt(10) < 7) {
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            r.nextBytes(trace);
            r.nextBytes(span);
            lr.setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span)).setFlags(1);
        }
        return lr.build();
    }

    private static KeyValue kv(String key, String value) {
        return kv(key, AnyValue.newBuilder().setStringValue(value).build());
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
