package dev.sightline.server.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid name a misspelt one was probably meant to be, for "did you mean" hints. */
final class NearestName {
    private NearestName() {}

    /**
     * The candidate closest to {@code given} by edit distance (a swap of two neighbours counts as one edit,
     * {@code -} and {@code _} and letter case are not told apart), if it is close enough to be a likely typo.
     */
    static Optional<String> of(String given, Collection<String> candidates) {
        String g = normalize(given);
        int limit = Math.max(1, Math.min(3, g.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(g, normalize(candidate));
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean X?)"} or the empty string. */
    static String hint(String given, Collection<String> candidates, String prefix) {
        return of(given, candidates).map(n -> " (did you mean " + prefix + n + "?)").orElse("");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
