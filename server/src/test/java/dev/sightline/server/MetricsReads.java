package dev.sightline.server;

import dev.sightline.storage.metrics.SeriesSamples;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Raw-sample reads from the metric store of an in-process server, for assertions. */
final class MetricsReads {
    private MetricsReads() {
    }

    /** Samples of every series whose labels include all the given pairs. */
    static List<SeriesSamples> read(InProcessServer server, String... namesAndValues) throws IOException {
        List<Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            matchers.add(Matcher.equal(namesAndValues[i], namesAndValues[i + 1]));
        }
        return server.server.storage().metrics().read(matchers, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The one series with exactly these extra labels (beyond those given), failing otherwise. */
    static SeriesSamples only(InProcessServer server, String... namesAndValues) throws IOException {
        List<SeriesSamples> found = read(server, namesAndValues);
        if (found.size() != 1) {
            throw new AssertionError("expected one series for " + Labels.of(namesAndValues) + ", got "
                    + found.stream().map(SeriesSamples::labels).toList());
        }
        return found.getFirst();
    }

    static double last(SeriesSamples s) {
        return s.values()[s.size() - 1];
    }
}
