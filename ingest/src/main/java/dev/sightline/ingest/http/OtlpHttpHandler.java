package dev.sightline.ingest.http;

import com.google.protobuf.Message;
import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.LogReceiver;
import dev.sightline.ingest.otlp.MalformedRequestException;
import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.ingest.otlp.OtlpJson;
import dev.sightline.ingest.otlp.TraceReceiver;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.ShuttingDownException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Handles {@code POST /v1/traces}, {@code POST /v1/logs} and {@code POST /v1/metrics} (and hands {@code POST /api/v1/write} to
 * {@link RemoteWriteHandler}): checks method, content type and encoding, decompresses within the size
 * limit, decodes on the event loop, and answers when the write path has made the data durable. Shared by all
 * connections; holds no per-request state.
 */
@ChannelHandler.Sharable
final class OtlpHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = Logger.getLogger(OtlpHttpHandler.class.getName());
    static final String TRACES_PATH = "/v1/traces";
    static final String LOGS_PATH = "/v1/logs";
    static final String METRICS_PATH = "/v1/metrics";

    private final TraceReceiver traces;
    private final LogReceiver logs;
    private final MetricReceiver metrics;
    private final RemoteWriteHandler remoteWrite;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight;
    private final IngestMetrics ingestMetrics;

    /** {@code logs}, {@code metrics} and {@code remoteWrite} may be null: those paths then answer 404. */
    OtlpHttpHandler(TraceReceiver traces, LogReceiver logs, MetricReceiver metrics, RemoteWriteReceiver remoteWrite,
            int maxBodyBytes, AtomicInteger inFlight, IngestMetrics ingestMetrics) {
        this.ingestMetrics = ingestMetrics;
        this.traces = traces;
        this.logs = logs;
        this.metrics = metrics;
        this.remoteWrite = remoteWrite == null ? null : new RemoteWriteHandler(remoteWrite, maxBodyBytes, inFlight,
                ingestMetrics);
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = inFlight;
    }

    /** The signal a request path carries (remote-write carries metrics), or null for a path that is no endpoint. */
    static Signal signalOf(String path) {
        return switch (path) {
            case TRACES_PATH -> Signal.TRACES;
            case LOGS_PATH -> Signal.LOGS;
            case METRICS_PATH, RemoteWriteHandler.PATH -> Signal.METRICS;
            default -> null;
        };
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String mediaType = mediaType(req.headers().get(HttpHeaderNames.CONTENT_TYPE));
        boolean json = OtlpHttpResponses.JSON.equals(mediaType);
        String path = new QueryStringDecoder(req.uri()).path();
        boolean isLogs = path.equals(LOGS_PATH) && logs != null;
        boolean isMetrics = path.equals(METRICS_PATH) && metrics != null;
        boolean isWrite = path.equals(RemoteWriteHandler.PATH) && remoteWrite != null;
        if (!path.equals(TRACES_PATH) && !isLogs && !isMetrics && !isWrite) {
            send(ctx, OtlpHttpResponses.error(HttpResponseStatus.NOT_FOUND,
                    "no OTLP endpoint at " + path + "; traces go to " + TRACES_PATH + ", logs to " + LOGS_PATH
                            + ", metrics to " + METRICS_PATH + ", Prometheus remote-write to " + RemoteWriteHandler.PATH,
                    json), keepAlive);
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            FullHttpResponse r = OtlpHttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    req.method() + " is not allowed on " + path + "; use POST", json);
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            send(ctx, r, keepAlive);
            return;
        }
        if (isWrite) {
            remoteWrite.handle(ctx, req, keepAlive);
            return;
        }
        Signal signal = signalOf(path);
        if (!json && !OtlpHttpResponses.PROTOBUF.equals(mediaType) && !"application/protobuf".equals(mediaType)) {
            ingestMetrics.requestRejected(signal, IngestMetrics.RequestReason.UNSUPPORTED_MEDIA_TYPE);
            send(ctx, OtlpHttpResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/x-protobuf or application/json, got "
                            + (mediaType == null ? "none" : "\"" + mediaType + "\""), false), keepAlive);
            return;
        }
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        byte[] body;
        try {
            if (encoding == null || encoding.equalsIgnoreCase("identity")) {
                body = ByteBufUtil.getBytes(req.content());
            } else if (encoding.equalsIgnoreCase("gzip")) {
                body = Gzip.decode(req.content(), maxBodyBytes);
            } else {
                ingestMetrics.requestRejected(signal, IngestMetrics.RequestReason.UNSUPPORTED_MEDIA_TYPE);
                send(ctx, OtlpHttpResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding must be gzip or identity, got \"" + encoding + "\"", json), keepAlive);
                return;
            }
            try {
                if (isLogs) {
                    logs.admit(body.length);
                } else if (isMetrics) {
                    metrics.admit(body.length);
                } else {
                    traces.admit(body.length);
                }
            } catch (OverloadedException e) { // refused before decoding: nothing in flight yet
                send(ctx, tooManyRequests(e, json), keepAlive);
                return;
            }
            CompletableFuture<? extends Message> export;
            if (isLogs) {
                ExportLogsServiceRequest request = (ExportLogsServiceRequest) decode(body, json,
                        ExportLogsServiceRequest.newBuilder());
                inFlight.incrementAndGet();
                export = logs.export(request, json ? null : body);
            } else if (isMetrics) {
                ExportMetricsServiceRequest request = (ExportMetricsServiceRequest) decode(body, json,
                        ExportMetricsServiceRequest.newBuilder());
                inFlight.incrementAndGet();
                export = metrics.export(request, json ? null : body);
            } else {
                ExportTraceServiceRequest request = (ExportTraceServiceRequest) decode(body, json,
                        ExportTraceServiceRequest.newBuilder());
                inFlight.incrementAndGet();
                export = traces.export(request, json ? null : body);
            }
            export.whenComplete((response, error) -> {
                FullHttpResponse r = error == null ? OtlpHttpResponses.message(response, json) : failure(error, json);
                ctx.executor().execute(() -> {
                    send(ctx, r, keepAlive);
                    inFlight.decrementAndGet();
                });
            });
        } catch (BodyTooLargeException e) {
            ingestMetrics.requestRejected(signal, IngestMetrics.RequestReason.TOO_LARGE);
            send(ctx, OtlpHttpResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage(), json), false);
        } catch (MalformedRequestException e) {
            ingestMetrics.requestRejected(signal, IngestMetrics.RequestReason.MALFORMED);
            send(ctx, OtlpHttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage(), json), keepAlive);
        } catch (OverloadedException e) {
            inFlight.decrementAndGet();
            send(ctx, tooManyRequests(e, json), keepAlive);
        } catch (ShuttingDownException e) {
            inFlight.decrementAndGet();
            FullHttpResponse r = OtlpHttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage(), json);
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
            send(ctx, r, false);
        }
    }

    private static FullHttpResponse tooManyRequests(OverloadedException e, boolean json) {
        FullHttpResponse r = OtlpHttpResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS, e.getMessage(), json);
        r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfterMillis() / 1000)));
        return r;
    }

    private static Message decode(byte[] body, boolean json, Message.Builder b) throws MalformedRequestException {
        if (json) {
            OtlpJson.merge(body, b);
            return b.build();
        }
        try {
            return b.mergeFrom(body).build();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new MalformedRequestException("body is not a valid protobuf "
                    + b.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }

    static FullHttpResponse failure(Throwable error, boolean json) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.log(Level.WARNING, "export failed in storage", cause);
        FullHttpResponse r = OtlpHttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                "storage failed: " + cause.getMessage(), json);
        r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
        return r;
    }

    /** The media type without parameters, lower-cased; null when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "OTLP/HTTP connection error", cause);
        ctx.close();
    }
}
