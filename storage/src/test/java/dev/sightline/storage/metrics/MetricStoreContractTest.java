package dev.sightline.storage.metrics;

import com.google.protobuf.Message;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.ApplierContract;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The applier contract for the metric store: every sample of every series read back. Each record holds a gauge
 * series of its own (a few samples) and a point of its day's delta counter, which the store accumulates, so a
 * record applied twice would show as a doubled count. Resources carry their day (a label on every series,
 * {@code target_info} included), so retention drops a day's series whole; samples of a dropped day that arrive later are taken until the next retention run, as documented.
 */
class MetricStoreContractTest extends ApplierContract<MetricStore> {
    private static final MetricsOptions OPTIONS = MetricsOptions.defaults();

    @Override
    protected MetricStore open(Path dir) throws IOException {
        return MetricStore.open(dir, OPTIONS);
    }

    @Override
    protected Signal signal() {
        return Signal.METRICS;
    }

    @Override
    protected Message record(int n, long timeNanos, Random random) {
        KeyValue day = attr("day", Days.of(timeNanos));
        NumberDataPoint.Builder[] gauge = new NumberDataPoint.Builder[1 + random.nextInt(3)];
        Gauge.Builder g = Gauge.newBuilder();
        for (int i = 0; i < gauge.length; i++) {
            g.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos + i * 15_000_000_000L)
                    .setAsDouble(random.nextInt(1000) / 4.0).addAttributes(attr("n", "" + n)));
        }
        Sum.Builder delta = Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(timeNanos - 1)
                        .setTimeUnixNano(timeNanos).setAsInt(1 + random.nextInt(5)));
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(attr("service.name", "contract")).addAttributes(day))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("contract.gauge").setGauge(g))
                        .addMetrics(Metric.newBuilder().setName("contract.requests").setSum(delta))))
                .build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    @Override
    protected List<String> contents(MetricStore store) throws IOException {
        List<String> out = new ArrayList<>();
        for (SeriesSamples s : store.read(List.of(Matcher.of(MatchType.REGEX, "__name__", ".+")), Long.MIN_VALUE,
                Long.MAX_VALUE)) {
            for (int i = 0; i < s.size(); i++) {
                out.add(s.labels() + " " + s.timestamps()[i] + " " + s.values()[i]);
            }
        }
        out.sort(null);
        return out;
    }

    /** Retention with its cut-off at the start of {@code day}: samples before it go, series left empty too. */
    @Override
    protected boolean dropBefore(MetricStore store, String day) throws IOException {
        long dayStart = LocalDate.parse(day, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
        store.dropBefore(dayStart);
        return true;
    }

    @Override
    protected boolean ignoresDroppedDays() {
        return false;
    }
}
