package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification state file on disk, byte for byte as the code before the shared helper wrote it. */
class NotifyStateFileTest {
    private static final String JSON = "{\"nextId\":7,\"groups\":[],\"log\":[{\"key\":\"{}/{}:{}\\u0000ops\","
            + "\"firing\":[\"abc\"],\"resolved\":[],\"at\":5}],\"queue\":[{\"id\":6,\"receiver\":\"ops\","
            + "\"groupKey\":\"{}/{}:{}\",\"body\":\"{\\\"status\\\":\\\"firing\\\"}\",\"attempts\":2,"
            + "\"nextAttemptAt\":9}]}";
    private static final NotifyStateFile.State STATE = new NotifyStateFile.State(7, List.of(),
            Map.of("{}/{}:{}\u0000ops", new Dispatcher.LogEntry(Set.of("abc"), Set.of(), 5)),
            List.of(new Notification(6, "ops", "{}/{}:{}", "{\"status\":\"firing\"}", 2, 9)));

    @TempDir
    Path dir;

    private static String crcHex(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body);
        return String.format("%08x", c.getValue());
    }

    /** The layout of docs/format/alert-notifications.md, built here by hand. */
    private static byte[] oldBytes(String magic, String version, byte[] body) {
        byte[] header = (magic + " " + version + " " + crcHex(body) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        return all;
    }

    private Path file() throws IOException {
        Files.createDirectories(dir.resolve("alerts"));
        return dir.resolve("alerts/notifications");
    }

    @Test
    void aFileWrittenByTheOldCodeIsReadAndTheNewWriterWritesTheSameBytes() throws IOException {
        byte[] old = oldBytes("SLNOTIFY", "1", JSON.getBytes(StandardCharsets.UTF_8));
        Files.write(file(), old);
        NotifyStateFile f = new NotifyStateFile(file());
        assertThat(f.read()).isEqualTo(STATE);

        f.write(STATE);
        assertThat(Files.readAllBytes(file())).isEqualTo(old);
    }

    @Test
    void aCorruptChecksumNamesTheFileAndBothValues() throws IOException {
        byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
        byte[] damaged = body.clone();
        damaged[10] ^= 1;
        byte[] bytes = oldBytes("SLNOTIFY", "1", body);
        System.arraycopy(damaged, 0, bytes, bytes.length - damaged.length, damaged.length);
        Files.write(file(), bytes);
        assertThatThrownBy(new NotifyStateFile(file())::read).isInstanceOf(IOException.class)
                .hasMessage(file() + ": notification state checksum mismatch: expected " + crcHex(body) + ", got "
                        + crcHex(damaged));
    }

    @Test
    void aWrongMagicOrATooNewVersionNamesTheFileAndBothValues() throws IOException {
        byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
        Files.write(file(), oldBytes("SLALERTS", "1", body));
        assertThatThrownBy(new NotifyStateFile(file())::read).isInstanceOf(IOException.class)
                .hasMessage(file() + ": not a notification state file: expected magic SLNOTIFY, got SLALERTS");
        Files.write(file(), oldBytes("SLNOTIFY", "12", body));
        assertThatThrownBy(new NotifyStateFile(file())::read).isInstanceOf(IOException.class)
                .hasMessage(file() + ": notification state version 12 is too new: expected version 1..1, got 12");
    }

    @Test
    void aLeftoverTemporaryFileIsHarmless() throws IOException {
        NotifyStateFile f = new NotifyStateFile(file());
        f.write(STATE);
        Files.writeString(dir.resolve("alerts/notifications.tmp"), "SLNOTIFY 1 ".repeat(500));
        assertThat(f.read()).isEqualTo(STATE);
        f.write(STATE);
        assertThat(dir.resolve("alerts/notifications.tmp")).doesNotExist();
        assertThat(Files.readAllBytes(file())).isEqualTo(oldBytes("SLNOTIFY", "1", JSON.getBytes(StandardCharsets.UTF_8)));
    }
}
