package dev.sightline.ingest.http;

import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.LogReceiver;
import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.ingest.otlp.TraceReceiver;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.storage.model.Signal;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OTLP over HTTP on Netty (port 4318). The body limit applies twice: to the bytes received (before
 * decompression) and to the decompressed body.
 */
public final class OtlpHttpServer implements AutoCloseable {
    private final InetSocketAddress address;
    private final int maxBodyBytes;
    private final TraceReceiver traces;
    private final LogReceiver logs;
    private final MetricReceiver metrics;
    private final RemoteWriteReceiver remoteWrite;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final IngestMetrics ingestMetrics;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    /** Traces only. */
    public OtlpHttpServer(InetSocketAddress address, int maxBodyBytes, TraceReceiver traces) {
        this(address, maxBodyBytes, traces, null, null, null);
    }

    /**
     * Also serves {@code POST /v1/logs}, {@code POST /v1/metrics} and {@code POST /api/v1/write}, each when its
     * receiver is not null.
     */
    public OtlpHttpServer(InetSocketAddress address, int maxBodyBytes, TraceReceiver traces, LogReceiver logs,
            MetricReceiver metrics, RemoteWriteReceiver remoteWrite) {
        this(address, maxBodyBytes, traces, logs, metrics, remoteWrite, IngestMetrics.unregistered());
    }

    /** As the other constructor, counting requests refused as a whole in {@code ingestMetrics}. */
    public OtlpHttpServer(InetSocketAddress address, int maxBodyBytes, TraceReceiver traces, LogReceiver logs,
            MetricReceiver metrics, RemoteWriteReceiver remoteWrite, IngestMetrics ingestMetrics) {
        this.ingestMetrics = ingestMetrics;
        this.address = address;
        this.maxBodyBytes = maxBodyBytes;
        this.traces = traces;
        this.logs = logs;
        this.metrics = metrics;
        this.remoteWrite = remoteWrite;
    }

    public OtlpHttpServer start() throws IOException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        OtlpHttpHandler handler = new OtlpHttpHandler(traces, logs, metrics, remoteWrite, maxBodyBytes, inFlight,
                ingestMetrics);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerExpectContinueHandler())
                                .addLast(new LimitedAggregator(maxBodyBytes, ingestMetrics))
                                .addLast(handler);
                    }
                });
        try {
            channel = b.bind(address).sync().channel();
        } catch (Exception e) {
            if (boss != null) {
                boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen for OTLP/HTTP on " + address + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting connections and waits up to {@code timeoutMillis} for in-flight exports to be answered. */
    public void shutdown(long timeoutMillis) throws InterruptedException {
        if (channel != null) {
            channel.close().sync();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(5_000);
    }

    /** Answers an oversized body with an OTLP error body instead of Netty's empty 413. */
    private static final class LimitedAggregator extends HttpObjectAggregator {
        private final int max;
        private final IngestMetrics ingestMetrics;

        LimitedAggregator(int max, IngestMetrics ingestMetrics) {
            super(max);
            this.max = max;
            this.ingestMetrics = ingestMetrics;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            if (oversized instanceof HttpRequest req) {
                Signal signal = OtlpHttpHandler.signalOf(new QueryStringDecoder(req.uri()).path());
                if (signal != null) {
                    ingestMetrics.requestRejected(signal, IngestMetrics.RequestReason.TOO_LARGE);
                }
            }
            boolean json = OtlpHttpResponses.JSON.equals(
                    OtlpHttpHandler.mediaType(oversized.headers().get(HttpHeaderNames.CONTENT_TYPE)));
            FullHttpResponse r = OtlpHttpResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body is larger than the limit of " + max + " bytes", json);
            // Keep the connection: the aggregator discards the rest of this body, and closing while the client is
            // still sending would reset the connection before it reads the 413.
            OtlpHttpHandler.send(ctx, r, io.netty.handler.codec.http.HttpUtil.isKeepAlive(oversized));
        }
    }
}
