package dev.sightline.server;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Forwards to a real OTLP exporter and remembers what it sent and whether the server acknowledged it. */
final class CapturingExporter implements SpanExporter {
    private final SpanExporter delegate;
    final List<SpanData> sent = new CopyOnWriteArrayList<>();
    final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();

    CapturingExporter(SpanExporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        sent.addAll(spans);
        CompletableResultCode r = delegate.export(spans);
        results.add(r);
        return r;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
