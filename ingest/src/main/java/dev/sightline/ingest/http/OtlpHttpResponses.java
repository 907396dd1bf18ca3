package dev.sightline.ingest.http;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.sightline.ingest.otlp.OtlpJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Responses as OTLP/HTTP defines them: success bodies are the export response message, error bodies a
 * {@code google.rpc.Status}, each in the request's encoding (protobuf or JSON).
 */
final class OtlpHttpResponses {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private OtlpHttpResponses() {
    }

    static FullHttpResponse message(Message message, boolean json) {
        byte[] body = json ? OtlpJson.print(message).getBytes(StandardCharsets.UTF_8) : message.toByteArray();
        return response(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body), json ? JSON : PROTOBUF);
    }

    static FullHttpResponse error(HttpResponseStatus status, String message, boolean json) {
        com.google.rpc.Status rpc = com.google.rpc.Status.newBuilder()
                .setCode(rpcCode(status).getNumber())
                .setMessage(message)
                .build();
        byte[] body = json ? OtlpJson.print(rpc).getBytes(StandardCharsets.UTF_8) : rpc.toByteArray();
        return response(status, Unpooled.wrappedBuffer(body), json ? JSON : PROTOBUF);
    }

    private static Code rpcCode(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> Code.INVALID_ARGUMENT;
            case 404 -> Code.NOT_FOUND;
            case 405, 415 -> Code.UNIMPLEMENTED;
            case 413, 429 -> Code.RESOURCE_EXHAUSTED;
            case 503 -> Code.UNAVAILABLE;
            default -> Code.INTERNAL;
        };
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }
}
