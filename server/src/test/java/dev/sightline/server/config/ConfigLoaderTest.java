package dev.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static SightlineConfig load(Map<String, String> env, String... args) {
        LoadedConfig loaded = ConfigLoader.load(args, env);
        assertThat(loaded.helpRequested()).isFalse();
        return loaded.config();
    }

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("sightline.yaml");
        Files.writeString(file, text);
        return file;
    }

    // --- sources and precedence ---

    @Test
    void nothingGivenMeansDefaults() {
        LoadedConfig loaded = ConfigLoader.load(new String[0], Map.of());

        assertThat(loaded.config()).isEqualTo(SightlineConfig.defaults());
        assertThat(loaded.warnings()).isEmpty();
        SightlineConfig c = loaded.config();
        assertThat(c.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.ingest()).isEqualTo(new IngestConfig(4317, 4318, ByteSize.ofMebibytes(16)));
        assertThat(c.query().port()).isEqualTo(7070);
        assertThat(c.storage()).isEqualTo(new StorageConfig(ByteSize.ofMebibytes(64), ByteSize.ofBytes(0),
                Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMinutes(10)));
        long gib = ByteSize.ofGibibytes(1).bytes();
        assertThat(c.storage().queueMaxBytes(gib)).as("from a 1 GiB heap").isEqualTo(ByteSize.ofMebibytes(64).bytes());
        assertThat(c.storage().queueMaxBytes(64 * gib)).as("capped").isEqualTo(ByteSize.ofMebibytes(256).bytes());
        assertThat(c.storage().queueMaxBytes(gib / 8)).as("floor").isEqualTo(ByteSize.ofMebibytes(16).bytes());
        assertThat(c.log()).isEqualTo(new LogConfig("info", "text"));
        assertThat(c.traces().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.traces().correlationKeys()).contains("correlation.id", "request.id", "x-request-id");
    }

    @Test
    void yamlOverridesDefaults() throws IOException {
        Path file = yaml("""
                listen_address: 127.0.0.1
                data_dir: /var/lib/sightline
                ingest:
                  grpc_port: 14317
                  max_body_size: 4MiB
                storage:
                  checkpoint_interval: 1h30m
                  queue_max_size: 1GB
                log:
                  format: json
                """);

        SightlineConfig c = load(Map.of(), "--config=" + file);

        assertThat(c.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/sightline"));
        assertThat(c.ingest()).isEqualTo(new IngestConfig(14317, 4318, ByteSize.ofMebibytes(4)));
        assertThat(c.storage().checkpointInterval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.storage().queueMaxSize()).isEqualTo(ByteSize.ofBytes(1_000_000_000));
        assertThat(c.storage().indexRefresh()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.log()).isEqualTo(new LogConfig("info", "json"));
    }

    @Test
    void yamlFileCanBeNamedByShortFlagOrEnvironment() throws IOException {
        Path file = yaml("query:\n  port: 9090\n");

        assertThat(load(Map.of(), "-c", file.toString()).query().port()).isEqualTo(9090);
        assertThat(load(Map.of("SIGHTLINE_CONFIG", file.toString())).query().port()).isEqualTo(9090);
    }

    @Test
    void configFlagWinsOverConfigEnvironmentVariable() throws IOException {
        Path fromFlag = yaml("query:\n  port: 9090\n");
        Path fromEnv = dir.resolve("other.yaml");
        Files.writeString(fromEnv, "query:\n  port: 9191\n");

        assertThat(load(Map.of("SIGHTLINE_CONFIG", fromEnv.toString()), "--config", fromFlag.toString()).query().port())
                .isEqualTo(9090);
    }

    @Test
    void environmentOverridesYaml() throws IOException {
        Path file = yaml("ingest:\n  grpc_port: 14317\n  http_port: 14318\ndata_dir: /from/yaml\n");

        SightlineConfig c = load(Map.of("SIGHTLINE_CONFIG", file.toString(), "SIGHTLINE_INGEST_GRPC_PORT", "24317",
                "SIGHTLINE_DATA_DIR", "/from/env", "SIGHTLINE_STORAGE_INDEX_REFRESH", "1s"));

        assertThat(c.ingest().grpcPort()).isEqualTo(24317);
        assertThat(c.ingest().httpPort()).isEqualTo(14318);
        assertThat(c.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(c.storage().indexRefresh()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void flagsOverrideEnvironment() throws IOException {
        Path file = yaml("ingest:\n  grpc_port: 14317\n");
        Map<String, String> env = Map.of("SIGHTLINE_CONFIG", file.toString(), "SIGHTLINE_INGEST_GRPC_PORT", "24317",
                "SIGHTLINE_LOG_LEVEL", "debug");

        SightlineConfig c = load(env, "--ingest.grpc_port=34317", "--data_dir=/x");

        assertThat(c.ingest().grpcPort()).isEqualTo(34317);
        assertThat(c.dataDir()).isEqualTo(Path.of("/x"));
        assertThat(c.log().level()).isEqualTo("debug");
    }

    @Test
    void flagsTakeTheValueAsTheNextArgumentToo() {
        SightlineConfig c = load(Map.of(), "--ingest.grpc_port", "4000", "--storage.wal_segment_size", "8MiB",
                "--listen_address", "::1");

        assertThat(c.ingest().grpcPort()).isEqualTo(4000);
        assertThat(c.storage().walSegmentSize()).isEqualTo(ByteSize.ofMebibytes(8));
        assertThat(c.listenAddress()).isEqualTo("::1");
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertThat(load(Map.of(), "--query.port=1", "--query.port=2").query().port()).isEqualTo(2);
    }

    @Test
    void portsMayBeZeroToPickAFreePort() {
        SightlineConfig c = load(Map.of(), "--ingest.grpc_port=0", "--ingest.http_port=0", "--query.port=0");

        assertThat(c.ingest().grpcPort()).isZero();
        assertThat(c.ingest().httpPort()).isZero();
        assertThat(c.query().port()).isZero();
    }

    @Test
    void emptyFileAndEmptySectionsMeanDefaults() throws IOException {
        assertThat(load(Map.of(), "-c", yaml("# nothing yet\n").toString())).isEqualTo(SightlineConfig.defaults());
        assertThat(load(Map.of(), "-c", yaml("ingest:\n#  grpc_port: 1\n").toString()))
                .isEqualTo(SightlineConfig.defaults());
    }

    @Test
    void emptyEnvironmentVariablesCountAsUnset() {
        assertThat(load(Map.of("SIGHTLINE_QUERY_PORT", "", "SIGHTLINE_CONFIG", ""))).isEqualTo(SightlineConfig.defaults());
    }

    @Test
    void logLevelIsCaseInsensitiveAndStoredLowerCase() {
        assertThat(load(Map.of("SIGHTLINE_LOG_LEVEL", "WARN")).log().level()).isEqualTo("warn");
    }

    // --- unknown keys ---

    @Test
    void unknownTopLevelYamlKeyIsAnErrorNamingKeyAndFile() throws IOException {
        Path file = yaml("listen_adress: 127.0.0.1\n");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key \"listen_adress\" in " + file)
                .hasMessageContaining("did you mean \"listen_address\"?")
                .hasMessageContaining("valid top-level keys: listen_address, data_dir, ingest, query, storage, log, traces, logs, metrics");
    }

    @Test
    void unknownNestedYamlKeyIsAnErrorNamingTheDottedKey() throws IOException {
        Path file = yaml("ingest:\n  grcp_port: 4317\n");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key \"ingest.grcp_port\" in " + file)
                .hasMessageContaining("sightline.yaml")
                .hasMessageContaining("did you mean \"grpc_port\"?")
                .hasMessageContaining("valid keys under \"ingest\": grpc_port, http_port, max_body_size");
    }

    @Test
    void flattenedYamlKeyIsAnErrorExplainingNesting() throws IOException {
        Path file = yaml("ingest.grpc_port: 4317\n");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"ingest.grpc_port\"")
                .hasMessageContaining("must be nested");
    }

    @Test
    void yamlKeyGivenTwiceIsAnError() throws IOException {
        Path file = yaml("query:\n  port: 1\n  port: 2\n");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("port");
    }

    @Test
    void unknownFlagIsAnErrorNamingTheFlag() {
        assertThatThrownBy(() -> load(Map.of(), "--ingest.grcp_port=4317"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown flag --ingest.grcp_port")
                .hasMessageContaining("did you mean --ingest.grpc_port?");
        assertThatThrownBy(() -> load(Map.of(), "--verbose"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown flag --verbose");
        assertThatThrownBy(() -> load(Map.of(), "-x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown flag -x");
    }

    @Test
    void sectionAsFlagIsAnErrorListingItsKeys() {
        assertThatThrownBy(() -> load(Map.of(), "--query=7070"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flag --query names a section")
                .hasMessageContaining("--query.port");
    }

    @Test
    void positionalArgumentsAndMissingValuesAreErrors() {
        assertThatThrownBy(() -> load(Map.of(), "serve"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unexpected argument \"serve\"");
        assertThatThrownBy(() -> load(Map.of(), "--data_dir"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flag --data_dir needs a value");
        assertThatThrownBy(() -> load(Map.of(), "--data_dir", "--query.port=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flag --data_dir needs a value");
        assertThatThrownBy(() -> load(Map.of(), "-c"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flag -c needs a value");
    }

    @Test
    void unknownSightlineEnvironmentVariablesAreWarningsNotErrors() {
        Map<String, String> env = new HashMap<>();
        env.put("SIGHTLINE_INGEST_GRCP_PORT", "4317");
        env.put("SIGHTLINE_PORT", "tcp://10.96.0.7:7070");
        env.put("SIGHTLINE_PORT_7070_TCP", "tcp://10.96.0.7:7070");
        env.put("SIGHTLINE_PORT_7070_TCP_ADDR", "10.96.0.7");
        env.put("SIGHTLINE_SERVICE_HOST", "10.96.0.7");
        env.put("SIGHTLINE_SERVICE_PORT", "7070");
        env.put("SIGHTLINE_UI_SERVICE_HOST", "10.96.0.8");
        env.put("PATH", "/usr/bin");

        LoadedConfig loaded = ConfigLoader.load(new String[0], env);

        assertThat(loaded.config()).isEqualTo(SightlineConfig.defaults());
        assertThat(loaded.warnings()).hasSize(3);
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w)
                .contains("ignoring unknown environment variable SIGHTLINE_INGEST_GRCP_PORT")
                .contains("did you mean SIGHTLINE_INGEST_GRPC_PORT?"));
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w)
                .contains("Service named sightline ")
                .contains("SIGHTLINE_PORT, SIGHTLINE_PORT_7070_TCP, SIGHTLINE_PORT_7070_TCP_ADDR, "
                        + "SIGHTLINE_SERVICE_HOST, SIGHTLINE_SERVICE_PORT")
                .contains("enableServiceLinks: false"));
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("Service named sightline-ui "));
        assertThat(String.join("\n", loaded.warnings())).doesNotContain("10.96.0.7");
    }

    @Test
    void serviceLinkValueInAKeysVariableExplainsWhereItCameFrom() {
        assertThatThrownBy(() -> load(Map.of("SIGHTLINE_QUERY_PORT", "tcp://10.96.0.9:7070")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for query.port from environment variable SIGHTLINE_QUERY_PORT")
                .hasMessageContaining("\"tcp://10.96.0.9:7070\" is not an integer")
                .hasMessageContaining("Service named sightline-query");
    }

    // --- bad values ---

    @Test
    void portOutOfRangeNamesKeyValueRuleAndSource() {
        assertThatThrownBy(() -> load(Map.of(), "--ingest.grpc_port=70000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingest.grpc_port must be in 0..65535 (0 picks a free port), got 70000"
                        + " (ingest.grpc_port from flag --ingest.grpc_port)");
        assertThatThrownBy(() -> load(Map.of("SIGHTLINE_QUERY_PORT", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("query.port must be in 0..65535")
                .hasMessageContaining("got -1")
                .hasMessageContaining("from environment variable SIGHTLINE_QUERY_PORT");
    }

    @Test
    void portThatIsNotANumberNamesKeyValueAndFile() throws IOException {
        Path file = yaml("ingest:\n  grpc_port: fourthousand\n");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value for ingest.grpc_port in " + file + ": \"fourthousand\" is not an integer");
    }

    @Test
    void sameNonZeroPortTwiceIsAnError() {
        assertThatThrownBy(() -> load(Map.of(), "--query.port=4317"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.grpc_port and query.port must be different ports (or 0), both are 4317")
                .hasMessageContaining("query.port from flag --query.port");
    }

    @Test
    void badDurationNamesKeyAndValue() {
        assertThatThrownBy(() -> load(Map.of("SIGHTLINE_STORAGE_CHECKPOINT_INTERVAL", "30")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for storage.checkpoint_interval from environment variable "
                        + "SIGHTLINE_STORAGE_CHECKPOINT_INTERVAL: \"30\" is not a duration: missing unit");
        assertThatThrownBy(() -> load(Map.of(), "--storage.index_refresh=5 seconds"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.index_refresh")
                .hasMessageContaining("\"5 seconds\"");
        assertThatThrownBy(() -> load(Map.of(), "--storage.index_refresh=0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.index_refresh must be at least 1ms, got 0s");
    }

    @Test
    void badSizeNamesKeyAndValue() {
        assertThatThrownBy(() -> load(Map.of(), "--ingest.max_body_size=16XB"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for ingest.max_body_size from flag --ingest.max_body_size: "
                        + "\"16XB\" is not a size: unknown unit \"XB\"");
        assertThatThrownBy(() -> load(Map.of(), "--storage.wal_segment_size=512KiB"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.wal_segment_size must be at least 1MiB, got 512KiB");
        assertThatThrownBy(() -> load(Map.of(), "--ingest.max_body_size=4GiB"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.max_body_size must be in 1B..2147483647B, got 4GiB");
    }

    @Test
    void badLogSettingsNameKeyValueAndChoices() {
        assertThatThrownBy(() -> load(Map.of(), "--log.format=xml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.format must be one of text, json, got \"xml\"");
    }

    @Test
    void sectionGivenAValueAndKeyGivenAMappingAreErrors() throws IOException {
        Path scalarSection = yaml("ingest: 4317\n");
        assertThatThrownBy(() -> load(Map.of(), "-c", scalarSection.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration key \"ingest\" in " + scalarSection + " must be a mapping");

        Path mappingLeaf = yaml("query:\n  port:\n    number: 1\n");
        assertThatThrownBy(() -> load(Map.of(), "-c", mappingLeaf.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration key \"query.port\" in " + mappingLeaf + " must be a single int");

        Path nullLeaf = yaml("query:\n  port:\n");
        assertThatThrownBy(() -> load(Map.of(), "-c", nullLeaf.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration key \"query.port\" in " + nullLeaf + " has no value");
    }

    @Test
    void missingYamlFileIsAClearError() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + missing + " (from --config) does not exist");
        assertThatThrownBy(() -> load(Map.of("SIGHTLINE_CONFIG", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + missing + " (from SIGHTLINE_CONFIG) does not exist");
    }

    @Test
    void malformedYamlIsAClearError() throws IOException {
        Path file = yaml("ingest:\n  grpc_port: [1\n");

        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot parse configuration file " + file + " at line");
    }

    // --- help and key list ---

    @Test
    void helpListsEveryKeyWithDefaultAndEnvironmentVariable() {
        LoadedConfig loaded = ConfigLoader.load(new String[] {"--help"}, Map.of());

        assertThat(loaded.helpRequested()).isTrue();
        assertThat(loaded.config()).isNull();
        assertThat(loaded.helpText()).contains("--config", "SIGHTLINE_CONFIG", "--help");
        for (ConfigKey key : ConfigLoader.keys()) {
            assertThat(loaded.helpText()).containsPattern(
                    "(?m)^  \\Q" + key.flag() + "=<" + key.type() + ">\\E +\\Q" + key.defaultValue() + "\\E +\\Q"
                            + key.envVar() + "\\E$");
        }
        assertThat(loaded.helpText()).contains("--ingest.grpc_port=<int>", "SIGHTLINE_STORAGE_WAL_SEGMENT_SIZE");
    }

    @Test
    void helpWinsOverEverythingElse() {
        LoadedConfig loaded = ConfigLoader.load(new String[] {"--no-such-flag", "-h"},
                Map.of("SIGHTLINE_CONFIG", "/does/not/exist.yaml"));

        assertThat(loaded.helpRequested()).isTrue();
        assertThat(loaded.helpText()).isEqualTo(ConfigLoader.helpText());
    }

    @Test
    void keysDescribeEveryKeyInDeclarationOrder() {
        assertThat(ConfigLoader.keys()).contains(
                new ConfigKey("ingest.grpc_port", "SIGHTLINE_INGEST_GRPC_PORT", "4317", "int"),
                new ConfigKey("data_dir", "SIGHTLINE_DATA_DIR", "./data", "path"),
                new ConfigKey("storage.wal_segment_size", "SIGHTLINE_STORAGE_WAL_SEGMENT_SIZE", "64MiB", "size"),
                new ConfigKey("storage.index_refresh", "SIGHTLINE_STORAGE_INDEX_REFRESH", "200ms", "duration"),
                new ConfigKey("logs.retention", "SIGHTLINE_LOGS_RETENTION", "1w", "duration"),
                new ConfigKey("metrics.retention", "SIGHTLINE_METRICS_RETENTION", "2w1d", "duration"),
                new ConfigKey("metrics.out_of_order_window", "SIGHTLINE_METRICS_OUT_OF_ORDER_WINDOW", "10m",
                        "duration"),
                new ConfigKey("metrics.resource_labels", "SIGHTLINE_METRICS_RESOURCE_LABELS", "auto", "string"),
                new ConfigKey("alerting.rules_dir", "SIGHTLINE_ALERTING_RULES_DIR", "./rules", "path"),
                new ConfigKey("alerting.evaluation_interval", "SIGHTLINE_ALERTING_EVALUATION_INTERVAL", "1m",
                        "duration"),
                new ConfigKey("self_monitoring.enabled", "SIGHTLINE_SELF_MONITORING_ENABLED", "false", "boolean"),
                new ConfigKey("self_monitoring.interval", "SIGHTLINE_SELF_MONITORING_INTERVAL", "15s", "duration"));
        assertThat(ConfigLoader.keys()).extracting(ConfigKey::key).containsExactly(
                "listen_address", "data_dir",
                "ingest.grpc_port", "ingest.http_port", "ingest.max_body_size",
                "query.port", "query.logs_max_clauses", "query.logs_time_budget",
                "query.logs_leading_wildcard_max_window",
                "storage.wal_segment_size", "storage.queue_max_size", "storage.checkpoint_interval",
                "storage.index_refresh", "storage.retention_check_interval",
                "log.level", "log.format",
                "traces.retention", "traces.correlation_keys", "traces.span_metrics",
                "traces.span_metrics_flush_interval", "traces.span_metrics_max_series", "logs.retention",
                "metrics.retention", "metrics.out_of_order_window", "metrics.resource_labels",
                "alerting.rules_dir", "alerting.evaluation_interval", "alerting.external_url",
                "alerting.alertmanagers", "alerting.alertmanager_timeout", "alerting.resend_delay",
                "alerting.history_retention",

                "self_monitoring.enabled", "self_monitoring.interval");
    }

    @Test
    void listsComeAsYamlSequencesOrCommaSeparatedText() throws IOException {
        Path file = yaml("traces:\n  correlation_keys: [order.id, \"tenant.id\"]\n");
        assertThat(ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of()).config().traces()
                .correlationKeys()).containsExactly("order.id", "tenant.id");
        assertThat(load(Map.of("SIGHTLINE_TRACES_CORRELATION_KEYS", "a.id, b.id")).traces()
                .correlationKeys()).containsExactly("a.id", "b.id");
        assertThat(load(Map.of(), "--traces.correlation_keys=x").traces().correlationKeys())
                .containsExactly("x");
    }

    @Test
    void everyDefaultReadsBackAsItselfFromEverySource() throws IOException {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        Map<String, String> env = new HashMap<>();
        List<ConfigKey> keys = ConfigLoader.keys();
        String[] flags = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ConfigKey k = keys.get(i);
            flags[i] = k.flag() + "=" + k.defaultValue();
            env.put(k.envVar(), k.defaultValue());
            int dot = k.key().indexOf('.');
            if (dot < 0) {
                sections.computeIfAbsent("", s -> new StringBuilder())
                        .append(k.key()).append(": \"").append(k.defaultValue()).append("\"\n");
            } else {
                sections.computeIfAbsent(k.key().substring(0, dot), s -> new StringBuilder(s + ":\n"))
                        .append("  ").append(k.key().substring(dot + 1))
                        .append(": \"").append(k.defaultValue()).append("\"\n");
            }
        }

        assertThat(load(Map.of(), flags)).isEqualTo(SightlineConfig.defaults());
        assertThat(load(env)).isEqualTo(SightlineConfig.defaults());
        assertThat(load(Map.of(), "-c", yaml(String.join("", sections.values())).toString()))
                .isEqualTo(SightlineConfig.defaults());
    }
}
