package dev.sightline.query.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A query API response.
 *
 * @param status HTTP status code
 * @param contentType the Content-Type header
 * @param body the bytes to send
 * @param headers extra headers
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";

    public static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, JSON, body, Map.of());
    }

    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
