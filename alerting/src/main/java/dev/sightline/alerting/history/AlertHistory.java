package dev.sightline.alerting.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.AlertListener;
import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Every alert state change, kept durably in one append-only file per UTC day under the history folder
 * (docs/format/alert-history.md): a header line, then one line per change, {@code <crc32c> <json>}, fsynced after
 * each evaluation's changes. Days older than the retention are deleted. A torn last line (a crash mid-append) is
 * cut off before the next append and skipped by reads; a line whose checksum does not match is skipped and
 * counted. Appends are serialised; searches read the files without the lock and skip an unfinished last line.
 */
public final class AlertHistory implements AlertListener {
    static final String HEADER = "SLHIST 1\n";
    private static final Logger LOG = Logger.getLogger(AlertHistory.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final long retentionMs;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder corruptLines = new LongAdder();
    private LocalDate lastRetentionDay;

    public AlertHistory(Path dir, long retentionMs, LongSupplier clock) {
        this.dir = dir;
        this.retentionMs = retentionMs;
        this.clock = clock;
    }

    @Override
    public Runnable prepare(Path rulesDir) {
        return () -> { };
    }

    @Override
    public void evaluated(Evaluation e) {
        List<HistoryEntry> changes = Transitions.of(e);
        if (changes.isEmpty()) {
            return;
        }
        try {
            append(changes);
        } catch (IOException ex) {
            LOG.warning("alert history not written to " + dir + ": " + ex.getMessage());
        }
    }

    /** Appends {@code entries} (all of one evaluation) and fsyncs. */
    public void append(List<HistoryEntry> entries) throws IOException {
        lock.lock();
        try {
            Map<LocalDate, List<HistoryEntry>> byDay = new LinkedHashMap<>();
            for (HistoryEntry h : entries) {
                byDay.computeIfAbsent(day(h.time()), d -> new ArrayList<>()).add(h);
            }
            Files.createDirectories(dir);
            for (Map.Entry<LocalDate, List<HistoryEntry>> d : byDay.entrySet()) {
                appendDay(file(d.getKey()), d.getValue());
            }
            dropExpired();
        } finally {
            lock.unlock();
        }
    }

    private void appendDay(Path f, List<HistoryEntry> entries) throws IOException {
        StringBuilder b = new StringBuilder();
        for (HistoryEntry h : entries) {
            String json = JSON.writeValueAsString(toJson(h));
            CRC32C crc = new CRC32C();
            crc.update(json.getBytes(StandardCharsets.UTF_8));
            b.append(String.format("%08x", crc.getValue())).append(' ').append(json).append('\n');
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            // a torn last record is cut off; a torn header (nothing before the first newline) leaves an empty file
            long size = ch.size() == 0 ? 0 : lastNewline(ch, ch.size());
            ch.truncate(size);
            if (size == 0) {
                write(ch, HEADER.getBytes(StandardCharsets.US_ASCII), 0);
                size = HEADER.length();
            }
            write(ch, b.toString().getBytes(StandardCharsets.UTF_8), size);
            ch.force(true);
        }
    }

    /** The length up to and including the last newline: a torn last record is cut off. */
    private static long lastNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            one.clear();
            ch.read(one, pos);
            if (one.get(0) == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }

    private static void write(FileChannel ch, byte[] bytes, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long pos = at;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    private void dropExpired() throws IOException {
        LocalDate oldest = day(clock.getAsLong() - retentionMs);
        if (oldest.equals(lastRetentionDay)) {
            return;
        }
        lastRetentionDay = oldest;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
            for (Path f : files) {
                LocalDate d = parseDay(f);
                if (d != null && d.isBefore(oldest)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * The changes in [{@code startMs}, {@code endMs}] that {@code filter} accepts, newest first, at most
     * {@code limit}.
     */
    public List<HistoryEntry> search(long startMs, long endMs, Predicate<HistoryEntry> filter, int limit)
            throws IOException {
        List<HistoryEntry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        LocalDate first = day(Math.max(startMs, clock.getAsLong() - retentionMs - 86_400_000L));
        for (LocalDate d = day(endMs); !d.isBefore(first) && out.size() < limit; d = d.minusDays(1)) {
            Path f = file(d);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            List<HistoryEntry> day = new ArrayList<>();
            for (HistoryEntry h : read(f)) {
                if (h.time() >= startMs && h.time() <= endMs && filter.test(h)) {
                    day.add(h);
                }
            }
            day.sort(Comparator.comparingLong(HistoryEntry::time).reversed());
            out.addAll(day.subList(0, Math.min(day.size(), limit - out.size())));
        }
        return out;
    }

    private List<HistoryEntry> read(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        List<HistoryEntry> out = new ArrayList<>();
        int pos = 0;
        boolean header = true;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            String line = new String(all, pos, i - pos, StandardCharsets.UTF_8);
            pos = i + 1;
            if (header) {
                header = false;
                if (!(line + "\n").equals(HEADER)) {
                    throw new IOException(f + ": not an alert history file (no " + HEADER.strip() + " header)");
                }
                continue;
            }
            HistoryEntry h = parse(line);
            if (h == null) {
                corruptLines.increment();
                LOG.warning(() -> f + ": a history line with a bad checksum is skipped");
            } else {
                out.add(h);
            }
        }
        return out;
    }

    private static HistoryEntry parse(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return null;
        }
        String json = line.substring(9);
        CRC32C crc = new CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        if (!String.format("%08x", crc.getValue()).equals(line.substring(0, 8))) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            Map<String, String> labels = new LinkedHashMap<>();
            n.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            Map<String, String> ann = new LinkedHashMap<>();
            n.path("annotations").fields().forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
            List<String> traces = new ArrayList<>();
            n.path("traceIds").forEach(t -> traces.add(t.asText()));
            return new HistoryEntry(n.path("time").asLong(), n.path("state").asText(), n.path("group").asText(),
                    n.path("rule").asText(), Labels.fromMap(labels), ann,
                    Double.parseDouble(n.path("value").asText("NaN")), n.path("activeAt").asLong(), traces);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ObjectNode toJson(HistoryEntry h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", h.time());
        n.put("state", h.state());
        n.put("group", h.group());
        n.put("rule", h.rule());
        n.set("labels", JSON.valueToTree(h.labels().toMap()));
        n.set("annotations", JSON.valueToTree(new java.util.TreeMap<>(h.annotations())));
        n.put("value", Double.toString(h.value()));
        n.put("activeAt", h.activeAt());
        n.set("traceIds", JSON.valueToTree(h.traceIds()));
        return n;
    }

    /** Lines skipped by reads because their checksum did not match. */
    public long corruptLines() {
        return corruptLines.sum();
    }

    private Path file(LocalDate d) {
        return dir.resolve(d + ".log");
    }

    private static LocalDate parseDay(Path f) {
        String n = f.getFileName().toString();
        try {
            return LocalDate.parse(n.substring(0, n.length() - 4));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static LocalDate day(long ms) {
        return Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
