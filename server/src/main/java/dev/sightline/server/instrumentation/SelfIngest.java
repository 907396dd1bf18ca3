package dev.sightline.server.instrumentation;

import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.storage.instrumentation.FamilySnapshot;
import dev.sightline.storage.instrumentation.MetricRegistry;
import dev.sightline.storage.instrumentation.MetricType;
import dev.sightline.storage.instrumentation.Sample;
import dev.sightline.storage.metrics.OtlpMetricsTranslator;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the registry into Sightline's own metric store every interval, through the normal ingest path (WAL,
 * then the store), as remote-write does: series named and labelled exactly as on {@code /metrics}, plus
 * {@code job="sightline"} and {@code instance}. A round that finds the queue full is skipped, not retried.
 */
public final class SelfIngest implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SelfIngest.class.getName());
    public static final String JOB = "sightline";

    private final MetricRegistry registry;
    private final MetricReceiver receiver;
    private final String instance;
    private final LongSupplier clockMillis;
    private ScheduledExecutorService timer;

    /** @param instance the {@code instance} label, e.g. {@code host:7070} */
    public SelfIngest(MetricRegistry registry, MetricReceiver receiver, String instance, LongSupplier clockMillis) {
        this.registry = registry;
        this.receiver = receiver;
        this.instance = instance;
        this.clockMillis = clockMillis;
    }

    public synchronized SelfIngest start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("self ingest already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("sightline-self-ingest").daemon(true).unstarted(r));
        long every = interval.toMillis();
        timer.scheduleAtFixedRate(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void runOnce() {
        try {
            ingestNow();
        } catch (OverloadedException | ShuttingDownException e) {
            LOG.log(Level.FINE, "self metrics not ingested this round: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "self metrics not ingested this round", e);
        }
    }

    /** Takes a snapshot and submits it; returns once it is queued (not yet durable). */
    public void ingestNow() throws OverloadedException, ShuttingDownException {
        receiver.export(toOtlp(registry.snapshot(), clockMillis.getAsLong()), null);
    }

    /** The snapshot as verbatim gauges in the remote-write scope: names and labels kept as they are. */
    ExportMetricsServiceRequest toOtlp(List<FamilySnapshot> families, long timeMillis) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(OtlpMetricsTranslator.REMOTE_WRITE_SCOPE));
        long nanos = timeMillis * 1_000_000L;
        for (FamilySnapshot f : families) {
            Map<String, Gauge.Builder> byName = new LinkedHashMap<>();
            for (Sample s : f.samples()) {
                NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(nanos).setAsDouble(s.value())
                        .addAttributes(label("job", JOB)).addAttributes(label("instance", instance));
                for (int i = 0; i < s.labelNames().size(); i++) {
                    p.addAttributes(label(s.labelNames().get(i), s.labelValues().get(i)));
                }
                byName.computeIfAbsent(s.name(), n -> Gauge.newBuilder()).addDataPoints(p);
            }
            byName.forEach((name, gauge) -> {
                Metric.Builder m = Metric.newBuilder().setName(name).setGauge(gauge);
                if (f.type() != MetricType.HISTOGRAM) { // _bucket/_sum/_count are not the family's name
                    m.setDescription(f.help()).addMetadata(KeyValue.newBuilder()
                            .setKey(OtlpMetricsTranslator.PROMETHEUS_TYPE_KEY)
                            .setValue(AnyValue.newBuilder().setStringValue(f.type().word())));
                }
                scope.addMetrics(m);
            });
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(scope)).build();
    }

    private static KeyValue label(String name, String value) {
        return KeyValue.newBuilder().setKey(name).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** Stops the timer; a round in progress finishes on its own. Idempotent. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
