package dev.sightline.query.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The query API's HTTP server (port 7070). Netty parses requests; each request is then handled on a virtual
 * thread, so handlers may block on storage without stalling the event loop. At most {@code maxConcurrent}
 * requests run at once; more get 503.
 */
public final class QueryHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueryHttpServer.class.getName());
    private static final int MAX_BODY_BYTES = 8 << 20;

    private final InetSocketAddress address;
    private final Router router;
    private final Semaphore permits;
    private final RequestTimer timer;
    private final ExecutorService handlers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sightline-query-", 0).factory());
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    public QueryHttpServer(InetSocketAddress address, Router router, int maxConcurrent) {
        this(address, router, maxConcurrent, (endpoint, status, nanos) -> { });
    }

    /** As the other constructor, telling {@code timer} how long each request took and to which route. */
    public QueryHttpServer(InetSocketAddress address, Router router, int maxConcurrent, RequestTimer timer) {
        this.address = address;
        this.router = router;
        this.permits = new Semaphore(maxConcurrent);
        this.timer = timer;
    }

    public QueryHttpServer start() throws IOException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        Dispatcher dispatcher = new Dispatcher();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpContentCompressor())
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(dispatcher);
                    }
                });
        try {
            channel = b.bind(address).sync().channel();
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen for the query API on " + address + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @ChannelHandler.Sharable
    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            boolean head = HttpMethod.HEAD.equals(req.method());
            ApiRequest request;
            try {
                request = toApiRequest(req);
            } catch (IllegalArgumentException e) {
                send(ctx, ApiResponse.text(400, "malformed request: " + e.getMessage()), keepAlive, head);
                return;
            }
            if (!permits.tryAcquire()) {
                send(ctx, ApiResponse.text(503, "too many concurrent queries; retry shortly"), keepAlive, head);
                return;
            }
            handlers.execute(() -> {
                ApiResponse response;
                try {
                    response = dispatch(request);
                } catch (Throwable t) {
                    if (t instanceof VirtualMachineError) {
                        throw (VirtualMachineError) t;
                    }
                    LOG.log(Level.WARNING, "query " + request.path() + " failed", t);
                    response = ApiResponse.text(500, "internal error: " + t);
                } finally {
                    permits.release();
                }
                ApiResponse r = response;
                ctx.executor().execute(() -> send(ctx, r, keepAlive, head));
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.FINE, "query connection error", cause);
            ctx.close();
        }
    }

    private ApiResponse dispatch(ApiRequest request) throws Exception {
        Router.Match m = router.match(request.method(), request.path());
        if (m == null) {
            return ApiResponse.text(404, "no such endpoint: " + request.path());
        }
        if (m.methodNotAllowed()) {
            return new ApiResponse(405, "text/plain; charset=utf-8",
                    (request.method() + " is not allowed on " + request.path()).getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        long t0 = System.nanoTime();
        int status = 500;
        try {
            ApiResponse r = m.handler().handle(request.withPathParams(m.pathParams()));
            status = r.status();
            return r;
        } finally {
            timer.record(m.pattern(), status, System.nanoTime() - t0);
        }
    }

    private static ApiRequest toApiRequest(FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        Map<String, List<String>> params = new HashMap<>(q.parameters());
        byte[] body = ByteBufUtil.getBytes(req.content());
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (HttpMethod.POST.equals(req.method())
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            QueryStringDecoder form = new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), false);
            form.parameters().forEach((k, v) -> params.merge(k, v, (a, b2) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b2);
                return all;
            }));
        }
        return new ApiRequest(req.method().name(), q.path(), params, Map.of(), body);
    }

    private static void send(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, boolean head) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, head ? 0 : r.body().length);
        r.headers().forEach(out.headers()::set);
        if (keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out);
        } else {
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Stops accepting connections, lets running queries finish (up to 5 s), and releases the threads. */
    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.close().sync();
        }
        handlers.shutdown();
        handlers.awaitTermination(5, TimeUnit.SECONDS);
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }
}
