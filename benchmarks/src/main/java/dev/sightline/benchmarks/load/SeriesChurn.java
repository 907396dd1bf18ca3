package dev.sightline.benchmarks.load;

import java.time.Duration;

/**
 * One sender's share of the high-cardinality run's instances, walked round-robin, with churn.
 *
 * <p>The run's {@code totalInstances} instances (each a fixed set of series, told apart by their {@code instance}
 * label) are split into contiguous, nearly equal shares, one per sender. {@link #next} hands out the next instances
 * of the share; one full walk over the share is a <em>pass</em>, one scrape interval of simulated time. After each
 * pass a fraction of the share's instances is replaced by new ones (new instance numbers, so new series; the old
 * ones are no longer scraped): after {@code p} passes exactly {@code floor(share × churn% × p × interval / 1 h)}
 * instances have been replaced. Replacement walks the share's slots in order from a starting slot drawn from the
 * seed (a rolling replacement: every instance lives about as long as the others), so a run is reproducible.
 *
 * <p>State is one int per instance of the share: the instance numbers, from which the requests are built.
 * Instance numbers are unique across senders: the initial ones are {@code 0 .. totalInstances-1}, the k-th
 * replacement of sender w is {@code totalInstances + k × senders + w}. Not thread-safe.
 */
final class SeriesChurn {
    /** The instances a request carries: slots {@code from .. from+count-1} of a pass, valid until the next call. */
    record Slice(int[] instances, int from, int count, long pass) {
        int instance(int i) {
            return instances[from + i];
        }
    }

    private static final double HOUR_MILLIS = 3_600_000.0;

    private final int totalInstances;
    private final int senders;
    private final int sender;
    private final int[] instances;
    private final double churnPercentPerHour;
    private final long intervalMillis;
    private int cursor;
    private long pass;
    private long replaced;
    private int replaceAt;

    /**
     * @param totalInstances instances across all senders, at least {@code senders}
     * @param senders how many senders share them
     * @param sender this sender, {@code 0 .. senders-1}
     * @param churnPercentPerHour percent of the instances replaced per hour of simulated time, 0 for none
     * @param scrapeInterval the simulated time of one pass
     * @param seed picks where replacement starts
     */
    SeriesChurn(int totalInstances, int senders, int sender, double churnPercentPerHour, Duration scrapeInterval,
            long seed) {
        if (senders < 1 || sender < 0 || sender >= senders) {
            throw new IllegalArgumentException("sender " + sender + " of " + senders + " senders");
        }
        if (totalInstances < senders) {
            throw new IllegalArgumentException("need at least one instance per sender: " + totalInstances
                    + " instances for " + senders + " senders");
        }
        if (!(churnPercentPerHour >= 0) || Double.isInfinite(churnPercentPerHour)) {
            throw new IllegalArgumentException("churn must be a percentage of at least 0, got " + churnPercentPerHour);
        }
        if (scrapeInterval.toMillis() < 1) {
            throw new IllegalArgumentException("scrape interval must be at least 1 ms, got " + scrapeInterval);
        }
        this.totalInstances = totalInstances;
        this.senders = senders;
        this.sender = sender;
        this.churnPercentPerHour = churnPercentPerHour;
        this.intervalMillis = scrapeInterval.toMillis();
        int first = (int) ((long) totalInstances * sender / senders);
        int end = (int) ((long) totalInstances * (sender + 1) / senders);
        instances = new int[end - first];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = first + i;
        }
        long mixed = (seed * 0x9E3779B97F4A7C15L) ^ (sender * 0xC2B2AE3D27D4EB4FL);
        replaceAt = (int) Math.floorMod(mixed ^ (mixed >>> 29), (long) instances.length);
    }

    /**
     * The next at most {@code batch} instances of the share. A slice never spans two passes (the last one of a
     * pass may be shorter), so no series appears twice in one request; the first call after a pass's last slice
     * ends the pass and applies its churn.
     */
    Slice next(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (cursor == instances.length) {
            endPass();
        }
        int from = cursor;
        int count = Math.min(batch, instances.length - cursor);
        cursor += count;
        return new Slice(instances, from, count, pass);
    }

    private void endPass() {
        pass++;
        cursor = 0;
        // Multiplied out before dividing: whole numbers below 2^53 are exact, so e.g. 10 % of 1,000 instances
        // after 10 simulated hours is 1,000, not 999.
        long due = (long) Math.floor(instances.length * churnPercentPerHour * intervalMillis * pass
                / (100 * HOUR_MILLIS));
        long now = Math.min(due - replaced, instances.length);
        for (long k = 0; k < now; k++) {
            instances[replaceAt] = Math.toIntExact(totalInstances + replaced * senders + sender);
            replaced++;
            replaceAt = replaceAt + 1 == instances.length ? 0 : replaceAt + 1;
        }
    }

    /** Instances in this sender's share (active at any time). */
    int share() {
        return instances.length;
    }

    /**
     * Passes ended, i.e. whose churn has been applied (scrape intervals of simulated time). A pass ends with the
     * first call after its last slice, so a run stopped right after a pass's last request counts it as unfinished.
     */
    long passes() {
        return pass;
    }

    /** Instances replaced so far (each a set of new series). */
    long replaced() {
        return replaced;
    }

    /** Simulated time so far: completed passes times the scrape interval. */
    Duration simulated() {
        return Duration.ofMillis(pass * intervalMillis);
    }
}
