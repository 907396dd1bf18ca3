package dev.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader over record trees other than SightlineConfig: new records and leaf types need no loader changes. */
class ConfigSchemaTest {
    record Deep(String name) {}

    record Inner(Duration timeout, Deep deep) {}

    record Outer(long maxRows, boolean enabled, Inner inner) {
        static Outer defaults() {
            return new Outer(10_000_000_000L, false, new Inner(Duration.ofSeconds(5), new Deep("x")));
        }
    }

    @TempDir
    Path dir;

    private static final ConfigSchema SCHEMA = ConfigSchema.of(Outer.class, Outer.defaults());

    private static Outer load(Map<String, String> env, String... args) {
        return ConfigLoader.load(SCHEMA, Outer.class, args, env, new ArrayList<>());
    }

    @Test
    void keysComeFromComponentNamesAtAnyDepth() {
        assertThat(SCHEMA.leaves()).extracting(ConfigSchema.Leaf::describe).containsExactly(
                new ConfigKey("max_rows", "SIGHTLINE_MAX_ROWS", "10000000000", "long"),
                new ConfigKey("enabled", "SIGHTLINE_ENABLED", "false", "boolean"),
                new ConfigKey("inner.timeout", "SIGHTLINE_INNER_TIMEOUT", "5s", "duration"),
                new ConfigKey("inner.deep.name", "SIGHTLINE_INNER_DEEP_NAME", "x", "string"));
    }

    @Test
    void everySourceReachesEveryDepthAndType() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "inner:\n  deep:\n    name: from-yaml\n  timeout: 1m\nenabled: true\n");

        assertThat(load(Map.of(), "-c", file.toString()))
                .isEqualTo(new Outer(10_000_000_000L, true, new Inner(Duration.ofMinutes(1), new Deep("from-yaml"))));
        assertThat(load(Map.of("SIGHTLINE_INNER_DEEP_NAME", "from-env", "SIGHTLINE_MAX_ROWS", "3"), "-c",
                file.toString(), "--inner.timeout=2s"))
                .isEqualTo(new Outer(3, true, new Inner(Duration.ofSeconds(2), new Deep("from-env"))));
    }

    @Test
    void unknownKeyTwoLevelsDownIsNamedInFull() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "inner:\n  deep:\n    nmae: y\n");

        assertThatThrownBy(() -> load(Map.of(), "-c", file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key \"inner.deep.nmae\" in " + file)
                .hasMessageContaining("did you mean \"name\"?");
    }

    @Test
    void booleanFlagsStandAloneOrTakeAValue() {
        assertThat(load(Map.of(), "--enabled").enabled()).isTrue();
        assertThat(load(Map.of(), "--enabled", "false").enabled()).isFalse();
        assertThat(load(Map.of(), "--enabled=TRUE").enabled()).isTrue();
        assertThat(load(Map.of(), "--enabled", "--max_rows=1").maxRows()).isEqualTo(1);
        assertThatThrownBy(() -> load(Map.of("SIGHTLINE_ENABLED", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for enabled from environment variable SIGHTLINE_ENABLED: "
                        + "\"yes\" is not a boolean");
    }

    @Test
    void longOutOfRangeIsNamed() {
        assertThatThrownBy(() -> load(Map.of(), "--max_rows=99999999999999999999"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"99999999999999999999\" is not an integer (out of range)");
    }

    record Unsupported(List<Integer> names) {}

    record Reserved(String config) {}

    record Sub(String b) {}

    record Clashing(String aB, Sub a) {}

    record ServiceLinked(int port) {}

    @Test
    void schemaMistakesAreCaughtWhenTheSchemaIsBuilt() {
        assertThatThrownBy(() -> ConfigSchema.of(Unsupported.class, new Unsupported(List.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names has unsupported type java.util.List<java.lang.Integer>");
        assertThatThrownBy(() -> ConfigSchema.of(Reserved.class, new Reserved("")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"config\" is reserved");
        assertThatThrownBy(() -> ConfigSchema.of(Clashing.class, new Clashing("", new Sub(""))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a_b and a.b would both be set by SIGHTLINE_A_B");
        assertThatThrownBy(() -> ConfigSchema.of(ServiceLinked.class, new ServiceLinked(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SIGHTLINE_PORT, which Kubernetes sets");
        assertThatThrownBy(() -> ConfigSchema.of(Deep.class, new Deep(null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("name has no default");
    }

    @Test
    void snakeCase() {
        assertThat(ConfigSchema.snakeCase("listenAddress")).isEqualTo("listen_address");
        assertThat(ConfigSchema.snakeCase("walSegmentSize")).isEqualTo("wal_segment_size");
        assertThat(ConfigSchema.snakeCase("port")).isEqualTo("port");
        assertThat(ConfigSchema.snakeCase("httpURL")).isEqualTo("http_url");
        assertThat(ConfigSchema.snakeCase("tlsCAFile")).isEqualTo("tls_ca_file");
    }
}
