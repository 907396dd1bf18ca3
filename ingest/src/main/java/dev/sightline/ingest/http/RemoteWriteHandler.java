package dev.sightline.ingest.http;

import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.MalformedRequestException;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.ShuttingDownException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /api/v1/write}, Prometheus remote-write 1.0: 204 when every sample is stored; 400 with the
 * reasons for a corrupt body or rejected samples (the valid ones are stored; Prometheus does not retry a 400);
 * 429 when the ingest queue is full and 503 while stopping (both retried by senders). Decodes on the event loop.
 */
final class RemoteWriteHandler {
    static final String PATH = "/api/v1/write";

    private final RemoteWriteReceiver receiver;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight;
    private final IngestMetrics ingestMetrics;

    RemoteWriteHandler(RemoteWriteReceiver receiver, int maxBodyBytes, AtomicInteger inFlight,
            IngestMetrics ingestMetrics) {
        this.ingestMetrics = ingestMetrics;
        this.receiver = receiver;
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = inFlight;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.equalsIgnoreCase("snappy")) {
            ingestMetrics.requestRejected(Signal.METRICS, IngestMetrics.RequestReason.UNSUPPORTED_MEDIA_TYPE);
            OtlpHttpHandler.send(ctx, text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding must be snappy for remote-write, got \"" + encoding + "\""), keepAlive);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        try {
            inFlight.incrementAndGet();
            receiver.write(body).whenComplete((result, error) -> {
                FullHttpResponse r;
                if (error != null) {
                    r = text(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage failed: " + cause(error).getMessage());
                    r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
                } else if (result.rejectedSamples() > 0) {
                    r = text(HttpResponseStatus.BAD_REQUEST, "rejected " + result.rejectedSamples() + " samples: "
                            + result.message());
                } else {
                    r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
                    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                }
                FullHttpResponse response = r;
                ctx.executor().execute(() -> {
                    OtlpHttpHandler.send(ctx, response, keepAlive);
                    inFlight.decrementAndGet();
                });
            });
        } catch (MalformedRequestException e) {
            inFlight.decrementAndGet();
            ingestMetrics.requestRejected(Signal.METRICS, IngestMetrics.RequestReason.MALFORMED);
            OtlpHttpHandler.send(ctx, text(HttpResponseStatus.BAD_REQUEST, e.getMessage()), keepAlive);
        } catch (OverloadedException e) {
            inFlight.decrementAndGet();
            FullHttpResponse r = text(HttpResponseStatus.TOO_MANY_REQUESTS, e.getMessage());
            r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfterMillis() / 1000)));
            OtlpHttpHandler.send(ctx, r, keepAlive);
        } catch (ShuttingDownException e) {
            inFlight.decrementAndGet();
            FullHttpResponse r = text(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
            OtlpHttpHandler.send(ctx, r, false);
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
