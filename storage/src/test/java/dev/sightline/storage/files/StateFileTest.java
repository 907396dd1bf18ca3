package dev.sightline.storage.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three layouts, checked against bytes built by hand here, and the atomic write. */
class StateFileTest {
    private static final TextLineFormat TEXT = new TextLineFormat("test state", "SLTEST", new Versions(1, 2));
    private static final FixedHeaderFormat FIXED = new FixedHeaderFormat("test header", 0x534C5453, new Versions(1, 2));
    private static final LengthPrefixedFormat PREFIXED = new LengthPrefixedFormat("test blob", "SLTESTB\0",
            new Versions(1, 2));
    private static final byte[] BODY = "{\"k\":\"välue\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static int crc(byte[]... parts) {
        CRC32C c = new CRC32C();
        for (byte[] p : parts) {
            c.update(p);
        }
        return (int) c.getValue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static byte[] text(String magic, String version, String crcHex, byte[] body) {
        return concat((magic + " " + version + " " + crcHex + "\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] fixed(int magic, int version, long value) {
        ByteBuffer b = ByteBuffer.allocate(20).putInt(magic).putShort((short) version).putShort((short) 0)
                .putLong(value);
        return b.putInt(crc(java.util.Arrays.copyOf(b.array(), 16))).array();
    }

    private static byte[] prefixed(String magic, int version, long value, byte[] body) {
        return ByteBuffer.allocate(28 + body.length).put(magic.getBytes(StandardCharsets.US_ASCII)).putInt(version)
                .putLong(value).putInt(body.length).putInt(crc(ByteBuffer.allocate(8).putLong(value).array(), body))
                .put(body).array();
    }

    private static String hex(int crc) {
        return String.format("%08x", Integer.toUnsignedLong(crc));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void eachLayoutWritesExactlyTheBytesBuiltByHandAtTheCurrentVersion() throws IOException {
        StateFile t = new StateFile(dir.resolve("a/text"), TEXT);
        t.write(BODY);
        assertThat(Files.readAllBytes(t.path())).isEqualTo(text("SLTEST", "2", hex(crc(BODY)), BODY));

        StateFile f = new StateFile(dir.resolve("fixed"), FIXED);
        f.write(-1, new byte[0]);
        assertThat(Files.readAllBytes(f.path())).isEqualTo(fixed(0x534C5453, 2, -1));

        StateFile p = new StateFile(dir.resolve("prefixed"), PREFIXED);
        p.write(1234567890123L, BODY);
        assertThat(Files.readAllBytes(p.path())).isEqualTo(prefixed("SLTESTB\0", 2, 1234567890123L, BODY));

        assertThat(t.read()).satisfies(c -> {
            assertThat(c.version()).isEqualTo(2);
            assertThat(c.body()).isEqualTo(BODY);
        });
        assertThat(f.read().value()).isEqualTo(-1);
        assertThat(p.read()).satisfies(c -> {
            assertThat(c.value()).isEqualTo(1234567890123L);
            assertThat(c.body()).isEqualTo(BODY);
        });
    }

    @Test
    void everyVersionInTheRangeIsRead() throws IOException {
        for (int v = 1; v <= 2; v++) {
            assertThat(new StateFile(write("t" + v, text("SLTEST", "" + v, hex(crc(BODY)), BODY)), TEXT).read()
                    .version()).isEqualTo(v);
            assertThat(new StateFile(write("f" + v, fixed(0x534C5453, v, 7)), FIXED).read().version()).isEqualTo(v);
            assertThat(new StateFile(write("p" + v, prefixed("SLTESTB\0", v, 7, BODY)), PREFIXED).read().version())
                    .isEqualTo(v);
        }
    }

    @Test
    void versionsOutsideTheRangeNameFileExpectedAndActual() throws IOException {
        Path tooNew = write("t", text("SLTEST", "3", hex(crc(BODY)), BODY));
        assertThatThrownBy(() -> new StateFile(tooNew, TEXT).read())
                .isInstanceOfSatisfying(FileVersionException.class, e -> assertThat(e.version()).isEqualTo(3))
                .hasMessage(tooNew + ": test state version 3 is too new: expected version 1..2, got 3");
        Path tooOld = write("f", fixed(0x534C5453, 0, 7));
        assertThatThrownBy(() -> new StateFile(tooOld, FIXED).read()).isInstanceOf(FileVersionException.class)
                .hasMessage(tooOld + ": test header version 0 is too old: expected version 1..2, got 0");
        Path prefixedNew = write("p", prefixed("SLTESTB\0", 9, 7, BODY));
        assertThatThrownBy(() -> new StateFile(prefixedNew, PREFIXED).read()).isInstanceOf(FileVersionException.class)
                .hasMessage(prefixedNew + ": test blob version 9 is too new: expected version 1..2, got 9");
    }

    @Test
    void wrongMagicNamesFileExpectedAndActual() throws IOException {
        Path t = write("t", text("SLOTHER", "1", hex(crc(BODY)), BODY));
        assertThatThrownBy(() -> new StateFile(t, TEXT).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(t + ": not a test state file: expected magic SLTEST, got SLOTHER");
        Path f = write("f", fixed(0x01020304, 1, 7));
        assertThatThrownBy(() -> new StateFile(f, FIXED).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(f + ": not a test header file: expected magic 0x534c5453, got 0x01020304");
        Path p = write("p", prefixed("SLOTHER\n", 1, 7, BODY));
        assertThatThrownBy(() -> new StateFile(p, PREFIXED).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(p + ": not a test blob file: expected magic SLTESTB\\0, got SLOTHER\\x0a");
    }

    @Test
    void checksumMismatchNamesFileExpectedAndActual() throws IOException {
        byte[] damaged = BODY.clone();
        damaged[3] ^= 1;
        Path t = write("t", text("SLTEST", "1", hex(crc(BODY)), damaged));
        assertThatThrownBy(() -> new StateFile(t, TEXT).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(t + ": test state checksum mismatch: expected " + hex(crc(BODY)) + ", got "
                        + hex(crc(damaged)));

        byte[] header = fixed(0x534C5453, 1, 7);
        byte[] flipped = header.clone();
        flipped[12] ^= 1;
        Path f = write("f", flipped);
        assertThatThrownBy(() -> new StateFile(f, FIXED).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(f + ": test header checksum mismatch: expected 0x" + hex(crc(java.util.Arrays
                        .copyOf(header, 16))) + ", got 0x" + hex(crc(java.util.Arrays.copyOf(flipped, 16))));

        byte[] blob = prefixed("SLTESTB\0", 1, 7, BODY);
        blob[blob.length - 1] ^= 1;
        Path p = write("p", blob);
        byte[] damagedBody = java.util.Arrays.copyOfRange(blob, 28, blob.length);
        assertThatThrownBy(() -> new StateFile(p, PREFIXED).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(p + ": test blob checksum mismatch: expected 0x" + hex(crc(ByteBuffer.allocate(8)
                        .putLong(7).array(), BODY)) + ", got 0x" + hex(crc(ByteBuffer.allocate(8).putLong(7).array(),
                        damagedBody)));
    }

    @Test
    void truncatedFilesAreCorruptionNamingTheLengths() throws IOException {
        Path f = write("f", java.util.Arrays.copyOf(fixed(0x534C5453, 1, 7), 11));
        assertThatThrownBy(() -> new StateFile(f, FIXED).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(f + ": test header is 11 bytes, shorter than its 20-byte header");
        byte[] blob = prefixed("SLTESTB\0", 1, 7, BODY);
        Path p = write("p", java.util.Arrays.copyOf(blob, blob.length - 2));
        assertThatThrownBy(() -> new StateFile(p, PREFIXED).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(p + ": test blob body length: expected " + BODY.length + " bytes (as the header says), got "
                        + (BODY.length - 2));
        Path t = write("t", "SLTEST 1 00000000".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new StateFile(t, TEXT).read()).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("header line is malformed").hasMessageContaining("no line feed");
        Path v = write("v", text("SLTEST", "01", hex(crc(BODY)), BODY));
        assertThatThrownBy(() -> new StateFile(v, TEXT).read()).isInstanceOf(CorruptFileException.class)
                .hasMessage(v + ": test state version is not a decimal number: got \"01\"");
    }

    @Test
    void aMissingFileReadsAsNull() throws IOException {
        assertThat(new StateFile(dir.resolve("none"), TEXT).read()).isNull();
    }

    @Test
    void aLeftoverTemporaryFileFromACrashIsNeverReadAndIsReplaced() throws IOException {
        StateFile t = new StateFile(dir.resolve("state"), TEXT);
        t.write("old".getBytes(StandardCharsets.UTF_8));
        byte[] garbage = new byte[4096];
        java.util.Arrays.fill(garbage, (byte) 'x');
        Path tmp = dir.resolve("state" + AtomicFile.TMP_SUFFIX);
        Files.write(tmp, garbage); // a crash between the temporary file's write and the rename
        assertThat(t.read().body()).asString(StandardCharsets.UTF_8).isEqualTo("old");

        t.write(BODY);
        assertThat(tmp).doesNotExist();
        assertThat(Files.readAllBytes(t.path())).as("nothing of the longer leftover remains")
                .isEqualTo(text("SLTEST", "2", hex(crc(BODY)), BODY));
    }

    @Test
    void layoutsRefuseWhatTheyCannotWrite() {
        assertThatThrownBy(() -> TEXT.encode(5, BODY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test state header carries no value, got 5");
        assertThatThrownBy(() -> new LengthPrefixedFormat("x", "SHORT", Versions.only(1)))
                .hasMessage("magic must be 8 ASCII characters, got \"SHORT\"");
        assertThatThrownBy(() -> new TextLineFormat("x", "TWO WORDS", Versions.only(1)))
                .hasMessage("magic must be printable ASCII without spaces, got \"TWO WORDS\"");
        assertThatThrownBy(() -> new Versions(2, 1)).hasMessage("versions must be 0 <= min <= max, got 2..1");
    }
}
