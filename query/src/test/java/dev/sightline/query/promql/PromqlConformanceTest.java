package dev.sightline.query.promql;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Prometheus' own PromQL test scripts (from {@code ../shared/conformance/promql}) against the engine over
 * an {@link InMemorySeriesSource}. Evaluations listed in {@code promql-skips.txt} are skipped with their
 * reason; any other failing evaluation fails its file's test.
 */
class PromqlConformanceTest {
    static final List<String> FILES = List.of("selectors", "operators", "aggregators", "functions", "range_queries",
            "literals", "collision", "staleness", "subquery", "at_modifier", "trig_functions", "limit",
            "name_label_dropping", "histograms");

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        String shared = System.getProperty("sightline.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "conformance", "promql");
        assumeTrue(dir != null && Files.isDirectory(dir),
                "skipping PromQL conformance: ../shared/conformance/promql not found (sightline.shared.dir="
                        + shared + ")");
        Map<String, String> skips = loadSkips();
        String only = System.getProperty("promql.file");
        return FILES.stream().filter(f -> only == null || only.equals(f))
                .map(f -> DynamicTest.dynamicTest(f + ".test", () -> runFile(dir, f + ".test", skips)));
    }

    static Map<String, String> loadSkips() throws IOException {
        Map<String, String> skips = new HashMap<>();
        try (InputStream in = PromqlConformanceTest.class.getResourceAsStream("/promql-skips.txt")) {
            if (in == null) {
                return skips;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.indexOf(' ');
                skips.put(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1).strip());
            }
        }
        return skips;
    }

    private void runFile(Path dir, String file, Map<String, String> skips) throws IOException {
        List<TestScript.Command> commands = TestScript.parse(Files.readAllLines(dir.resolve(file)));
        InMemorySeriesSource source = new InMemorySeriesSource();
        Engine engine = new Engine(source, QueryLimits.DEFAULT);
        int passed = 0;
        int total = 0;
        int skipped = 0;
        int valueOnly = 0;
        List<String> failures = new ArrayList<>();
        for (TestScript.Command c : commands) {
            switch (c) {
                case TestScript.Clear cl -> {
                    source.clear();
                    nativeSeries.clear();
                }
                case TestScript.Load l -> load(source, l);
                case TestScript.Eval e -> {
                    total++;
                    String key = file + ":" + e.line;
                    String reason = skips.get(key);
                    boolean valuesOnly = reason != null && reason.startsWith("values-only:");
                    if (reason != null && !valuesOnly) {
                        skipped++;
                        continue;
                    }
                    if (valuesOnly) {
                        valueOnly++;
                    }
                    String problem;
                    try {
                        problem = EvalCheck.check(engine, e, !valuesOnly);
                    } catch (RuntimeException ex) {
                        problem = "unexpected " + ex;
                    }
                    if (problem == null) {
                        passed++;
                    } else {
                        boolean nh = e.touchesNativeHistograms() || NativeHistogramCheck.touches(e.expr, nativeSeries);
                        failures.add((nh ? "[native histograms] " : "") + key + " " + e.text + "\n      "
                                + problem.replace("\n", "\n      "));
                    }
                }
            }
        }
        System.out.printf("PromQL conformance %-26s passed %4d / %4d (%d of them values only), skipped %3d, failed %3d%n",
                file, passed, total, valueOnly, skipped, failures.size());
        if (!failures.isEmpty()) {
            String msg = String.join("\n", failures);
            System.out.println(msg);
            fail(failures.size() + " evaluation(s) failed in " + file + ":\n" + msg);
        }
    }

    private final java.util.Set<Labels> nativeSeries = new java.util.HashSet<>();

    private void load(InMemorySeriesSource source, TestScript.Load l) {
        for (TestScript.SeriesLine s : l.series()) {
            Labels labels = SeriesDescriptor.parse(s.metric());
            if (s.nativeHistogram()) {
                nativeSeries.add(labels);
            }
            if (l.withNhcb()) {
                nativeSeries.add(labels.without(java.util.Set.of("le")).with(Labels.METRIC_NAME,
                        labels.metricName().replaceAll("_(bucket|count|sum)$", "")));
            }
            for (int k = 0; k < s.values().size(); k++) {
                Double v = s.values().get(k);
                if (v != null) {
                    source.add(labels, k * l.intervalMs(), v);
                }
            }
        }
    }
}
