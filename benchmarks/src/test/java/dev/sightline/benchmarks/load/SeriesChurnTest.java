package dev.sightline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.otlp.MetricValidation;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesChurnTest {
    private static final Duration SCRAPE = Duration.ofSeconds(15);
    private static final int SPI = LoadOptions.SERIES_PER_INSTANCE;

    /** Instances of one pass of every sender, in the order handed out; each sender's slices end at the pass. */
    private static List<Integer> pass(List<SeriesChurn> senders, int batch) {
        List<Integer> seen = new ArrayList<>();
        for (SeriesChurn c : senders) {
            int left = c.share();
            while (left > 0) {
                SeriesChurn.Slice s = c.next(batch);
                assertThat(s.count()).isBetween(1, Math.min(batch, left));
                for (int i = 0; i < s.count(); i++) {
                    seen.add(s.instance(i));
                }
                left -= s.count();
            }
        }
        return seen;
    }

    private static List<SeriesChurn> senders(int instances, int n, double churn, long seed) {
        List<SeriesChurn> all = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            all.add(new SeriesChurn(instances, n, w, churn, SCRAPE, seed));
        }
        return all;
    }

    @Test
    void everyActiveInstanceIsScrapedExactlyOnceAPassAcrossSendersAlsoAfterChurn() {
        int instances = 1_003; // not a multiple of the senders or the batch
        List<SeriesChurn> senders = senders(instances, 3, 50, 7); // 50 %/h: a few replacements every pass
        Set<Integer> everSeen = new HashSet<>();
        for (int p = 0; p < 40; p++) {
            List<Integer> seen = pass(senders, 50);
            assertThat(seen).hasSize(instances).doesNotHaveDuplicates();
            everSeen.addAll(seen);
            for (SeriesChurn c : senders) {
                assertThat(c.passes()).isEqualTo(p);
            }
        }
        assertThat(senders.stream().mapToInt(SeriesChurn::share).sum()).isEqualTo(instances);
        long replaced = senders.stream().mapToLong(SeriesChurn::replaced).sum();
        // 40 passes: churn applied after the first 39 (the 40th ends with the next call).
        assertThat(replaced).isPositive();
        assertThat(everSeen).hasSize((int) (instances + replaced));
    }

    @Test
    void seriesCreatedFollowTheChurnRateOfSimulatedTime() {
        // 1 M active series (34,483 instances) over 4 senders at 10 %/h, 15 s per pass: one simulated hour is 240
        // passes; 10 hours replace every instance once.
        int instances = (int) LoadOptions.instances(1_000_000);
        List<SeriesChurn> senders = senders(instances, 4, 10, 1);
        for (SeriesChurn c : senders) {
            for (int p = 0; p < 240 * 10; p++) {
                for (int left = c.share(); left > 0; left -= c.next(1_000).count()) {
                    // walk one pass
                }
            }
            c.next(1); // ends the last pass
            assertThat(c.passes()).isEqualTo(2_400);
            assertThat(c.simulated()).isEqualTo(Duration.ofHours(10));
            assertThat(c.replaced()).isEqualTo(c.share()); // 10 h × 10 %/h, exactly
        }
        // After a few minutes of a real run, e.g. 90 passes (22.5 simulated minutes): 3.75 % of the instances.
        SeriesChurn one = new SeriesChurn(instances, 4, 0, 10, SCRAPE, 1);
        for (int p = 0; p < 90; p++) {
            for (int left = one.share(); left > 0; left -= one.next(50).count()) {
                // walk one pass
            }
        }
        one.next(1);
        assertThat(one.replaced()).isEqualTo((long) Math.floor(one.share() * 0.1 * 90 * 15 / 3600.0))
                .isEqualTo(323); // 8,620 instances × 3.75 %, rounded down
    }

    @Test
    void noChurnKeepsTheSameSeriesAndTheSeedDecidesWhichAreReplaced() {
        List<SeriesChurn> still = senders(200, 2, 0, 1);
        List<Integer> first = pass(still, 7);
        for (int p = 0; p < 100; p++) {
            assertThat(pass(still, 7)).isEqualTo(first);
        }
        List<List<Integer>> bySeed = new ArrayList<>();
        for (long seed : new long[] {1, 1, 2}) {
            List<SeriesChurn> s = senders(200, 2, 100, seed);
            List<Integer> last = null;
            for (int p = 0; p < 30; p++) {
                last = pass(s, 7);
            }
            bySeed.add(last);
        }
        assertThat(bySeed.get(0)).isEqualTo(bySeed.get(1)).isNotEqualTo(bySeed.get(2));
    }

    @Test
    void remoteWriteBodiesDecodeWithStrictlyIncreasingTimestampsPerSeries() throws Exception {
        int instances = 40;
        Map<Labels, Long> newest = new HashMap<>();
        long samples = 0;
        long requests = 0;
        for (int w = 0; w < 2; w++) {
            Workload workload = Workload.highCardinality(new SeriesChurn(instances, 2, w, 3_600, SCRAPE, 3), 6,
                    true);
            // 30 passes of 20 instances in slices of 6, 6, 6, 2; 3,600 %/h = 15 % a pass: instances come and go.
            for (int r = 0; r < 30 * 4; r++) {
                Workload.Payload p = workload.make(3, w, r);
                RemoteWriteBatch batch = RemoteWriteBatch.decode(p.body(), 64 << 20);
                assertThat(batch.rejectedSamples()).isZero();
                assertThat(batch.sampleCount()).isEqualTo(batch.seriesCount()).isEqualTo(p.items())
                        .isEqualTo((r % 4 == 3 ? 2 : 6) * SPI);
                for (int s = 0; s < batch.seriesCount(); s++) {
                    assertThat(batch.metricName(s)).isNotEmpty();
                    assertThat(batch.endSample(s) - batch.firstSample(s)).isOne();
                    long t = batch.timestamp(batch.firstSample(s));
                    Long before = newest.put(batch.labels(s), t);
                    if (before != null) {
                        assertThat(t).as("timestamp of %s", batch.labels(s)).isGreaterThan(before);
                    }
                }
                samples += p.items();
                requests++;
            }
            assertThat(workload.churn().replaced()).isEqualTo(3 * 29); // 3 a pass, 29 passes ended
        }
        assertThat(requests).isEqualTo(240);
        assertThat(samples).isEqualTo(2L * 30 * 20 * SPI);
        long replaced = 2 * 3 * 29;
        assertThat(newest).hasSize((int) ((instances + replaced) * SPI));
    }

    @Test
    void otlpBodiesPassValidationWithOneResourcePerInstance() throws Exception {
        Workload workload = Workload.highCardinality(new SeriesChurn(10, 1, 0, 10, SCRAPE, 1), 4, false);
        for (int r = 0; r < 6; r++) {
            Workload.Payload p = workload.make(1, 0, r);
            ExportMetricsServiceRequest req = ExportMetricsServiceRequest.parseFrom(p.body());
            int count = r % 3 == 2 ? 2 : 4;
            assertThat(req.getResourceMetricsCount()).isEqualTo(count);
            assertThat(p.items()).isEqualTo(count * SPI);
            MetricValidation v = MetricValidation.of(req);
            assertThat(v.rejectedPoints()).as(v.errorMessage()).isZero();
        }
    }

    @Test
    void optionsDefaultToTodaysWorkloadAndNameBadValues() {
        LoadOptions plain = LoadOptions.parse(new String[] {"--signal", "metrics"});
        assertThat(plain.highCardinality()).isFalse();
        LoadOptions hc = LoadOptions.parse(new String[] {"--signal", "metrics", "--protocol", "remote-write",
                "--active-series", "1_000_000"});
        assertThat(hc.activeSeries()).isEqualTo(1_000_000);
        assertThat(hc.churnPercentPerHour()).isEqualTo(10);
        assertThat(hc.scrapeInterval()).isEqualTo(SCRAPE);
        assertThat(hc.batch()).isEqualTo(50);
        assertThat(LoadOptions.instances(1_000_000)).isEqualTo(34_483);
        LoadOptions set = LoadOptions.parse(new String[] {"--signal=metrics", "--active-series=5800",
                "--churn-per-hour=2.5", "--scrape-interval=30s"});
        assertThat(set.churnPercentPerHour()).isEqualTo(2.5);
        assertThat(set.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--signal", "traces", "--active-series", "1000"}))
                .hasMessageContaining("--signal traces");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--signal", "metrics", "--churn-per-hour", "5"}))
                .hasMessageContaining("need --active-series");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--signal", "metrics", "--active-series", "87",
                "--connections", "4"})).hasMessageContaining("3 instances of 29 series, fewer than --connections 4");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--signal", "metrics", "--active-series", "1000",
                "--churn-per-hour", "-1"})).hasMessageContaining("got -1");
    }
}
