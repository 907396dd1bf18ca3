package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts with persisted alert state, with a controllable clock. */
class AlertStateFileTest {
    private static final long MIN = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels API = Labels.of("__name__", "errors", "job", "api");

    @TempDir
    Path dir;

    private final InMemorySeriesSource source = new InMemorySeriesSource();
    private final AtomicLong clock = new AtomicLong(T0);

    private RuleManager manager() throws Exception {
        RuleManager m = new RuleManager(dir.resolve("rules"), MIN, source, clock::get, "")
                .persistTo(dir.resolve("data/alerts/state"));
        m.reload();
        m.restoreState();
        return m;
    }

    private static AlertingRule rule(RuleManager m) {
        return (AlertingRule) m.groups().getFirst().rules().getFirst();
    }

    private void write(String forClause) throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/r.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: HighErrors
                        expr: errors > 5
                        %s
                """.formatted(forClause));
    }

    @Test
    void aPendingTimerSurvivesARestart() throws Exception {
        write("for: 2m");
        try (RuleManager m = manager()) {
            source.add(API, clock.get(), 10);
            m.evaluateDue();
            assertThat(rule(m).alerts().getFirst().state()).isEqualTo(AlertState.PENDING);
        }
        clock.addAndGet(2 * MIN);
        source.add(API, clock.get(), 10);
        try (RuleManager m = manager()) {
            Alert restored = rule(m).alerts().getFirst();
            assertThat(restored.state()).isEqualTo(AlertState.PENDING);
            assertThat(restored.activeAt()).isEqualTo(T0);
            m.evaluateDue();
            assertThat(rule(m).alerts().getFirst().state()).as("2m after T0, across the restart")
                    .isEqualTo(AlertState.FIRING);
        }
    }

    @Test
    void aFiringAlertIsNotAnnouncedAgainAfterARestart() throws Exception {
        write("");
        try (RuleManager m = manager()) {
            source.add(API, clock.get(), 10);
            m.evaluateDue();
            assertThat(rule(m).alerts().getFirst().state()).isEqualTo(AlertState.FIRING);
        }
        clock.addAndGet(MIN);
        try (RuleManager m = manager()) {
            Alert restored = rule(m).alerts().getFirst();
            assertThat(restored.state()).isEqualTo(AlertState.FIRING);
            assertThat(restored.firedAt()).isEqualTo(T0);
            assertThat(restored.annotations()).isEmpty();
            List<Alert> changed = rule(m).eval(List.of(new Sample(API, 10, false)), clock.get(), "", Evidence.NONE);
            assertThat(changed).as("no new firing notice").isEmpty();
            assertThat(rule(m).alerts().getFirst().firedAt()).isEqualTo(T0);
        }
    }

    @Test
    void aChangedRuleStartsAfresh() throws Exception {
        write("for: 2m");
        try (RuleManager m = manager()) {
            source.add(API, clock.get(), 10);
            m.evaluateDue();
        }
        Files.writeString(dir.resolve("rules/r.yml"), Files.readString(dir.resolve("rules/r.yml"))
                .replace("errors > 5", "errors > 6"));
        try (RuleManager m = manager()) {
            assertThat(rule(m).alerts()).isEmpty();
        }
    }

    @Test
    void theFileHasAHeaderAndACheckedBody() throws Exception {
        AlertStateFile f = new AlertStateFile(dir.resolve("alerts/state"));
        Alert a = new Alert(Labels.of("alertname", "A", "job", "api"), Map.of("summary", "s"), AlertState.FIRING, 0.5,
                1, 2, 0, 3);
        f.write(Map.of("k", List.of(a)));
        assertThat(f.read()).isEqualTo(Map.of("k", List.of(a)));
        assertThat(Files.readString(f.path())).startsWith("SLALERTS 1 ");
        assertThat(Files.exists(dir.resolve("alerts/state.tmp"))).isFalse();

        byte[] bytes = Files.readAllBytes(f.path());
        String stored = new String(bytes, 0, 19, StandardCharsets.US_ASCII).split(" ")[2];
        bytes[bytes.length - 3] ^= 1;
        Files.write(f.path(), bytes);
        assertThatThrownBy(f::read).isInstanceOf(IOException.class)
                .hasMessage(f.path() + ": alert state checksum mismatch: expected " + stored + ", got "
                        + crcHex(Arrays.copyOfRange(bytes, 20, bytes.length)));
        Files.writeString(f.path(), "{}");
        assertThatThrownBy(f::read).hasMessageContaining("not an alert state file");
    }

    private static String crcHex(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body);
        return String.format("%08x", c.getValue());
    }

    /** The layout of docs/format/alert-state.md, built here by hand. */
    private static byte[] oldBytes(String magic, String version, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] header = (magic + " " + version + " " + crcHex(body) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        return all;
    }

    private static final String OLD_JSON = "{\"rules\":[{\"key\":\"k\",\"alerts\":[{\"labels\":{\"alertname\":\"A\","
            + "\"job\":\"api\"},\"annotations\":{\"summary\":\"s\"},\"state\":\"FIRING\",\"value\":\"0.5\","
            + "\"activeAt\":1,\"firedAt\":2,\"resolvedAt\":0,\"keepFiringSince\":3}]}]}";
    private static final Alert OLD_ALERT = new Alert(Labels.of("alertname", "A", "job", "api"), Map.of("summary", "s"),
            AlertState.FIRING, 0.5, 1, 2, 0, 3);

    @Test
    void aFileWrittenByTheOldCodeIsReadAndTheNewWriterWritesTheSameBytes() throws Exception {
        Path file = dir.resolve("alerts/state");
        Files.createDirectories(file.getParent());
        byte[] old = oldBytes("SLALERTS", "1", OLD_JSON);
        Files.write(file, old);
        AlertStateFile f = new AlertStateFile(file);
        assertThat(f.read()).isEqualTo(Map.of("k", List.of(OLD_ALERT)));

        f.write(Map.of("k", List.of(OLD_ALERT)));
        assertThat(Files.readAllBytes(file)).isEqualTo(old);
    }

    @Test
    void aWrongMagicOrATooNewVersionNamesTheFileAndBothValues() throws Exception {
        Path file = dir.resolve("alerts/state");
        Files.createDirectories(file.getParent());
        Files.write(file, oldBytes("SLNOTIFY", "1", OLD_JSON));
        assertThatThrownBy(new AlertStateFile(file)::read).isInstanceOf(IOException.class)
                .hasMessage(file + ": not an alert state file: expected magic SLALERTS, got SLNOTIFY");
        Files.write(file, oldBytes("SLALERTS", "2", OLD_JSON));
        assertThatThrownBy(new AlertStateFile(file)::read).isInstanceOf(IOException.class)
                .hasMessage(file + ": alert state version 2 is too new: expected version 1..1, got 2");
    }

    @Test
    void aLeftoverTemporaryFileIsHarmless() throws Exception {
        Path file = dir.resolve("alerts/state");
        AlertStateFile f = new AlertStateFile(file);
        f.write(Map.of("k", List.of(OLD_ALERT)));
        Files.writeString(dir.resolve("alerts/state.tmp"), "SLALERTS 1 0000".repeat(100));
        assertThat(f.read()).isEqualTo(Map.of("k", List.of(OLD_ALERT)));
        f.write(Map.of());
        assertThat(dir.resolve("alerts/state.tmp")).doesNotExist();
        assertThat(Files.readAllBytes(file)).isEqualTo(oldBytes("SLALERTS", "1", "{\"rules\":[]}"));
    }

    @Test
    void aCorruptFileStartsAfresh() throws Exception {
        write("");
        Files.createDirectories(dir.resolve("data/alerts"));
        Files.writeString(dir.resolve("data/alerts/state"), "garbage");
        try (RuleManager m = manager()) {
            assertThat(rule(m).alerts()).isEmpty();
            source.add(API, clock.get(), 10);
            m.evaluateDue();
            assertThat(new AlertStateFile(dir.resolve("data/alerts/state")).read()).hasSize(1);
        }
    }
}
