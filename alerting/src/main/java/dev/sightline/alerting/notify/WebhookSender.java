package dev.sightline.alerting.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One attempt to POST a payload to a webhook receiver, with its timeout, bearer token and HMAC-SHA256 signature.
 * Blocking: the caller runs it on a virtual thread. Thread-safe; closes the HTTP client idempotently.
 */
final class WebhookSender implements AutoCloseable {
    static final String SIGNATURE_HEADER = "X-Sightline-Signature";

    /** How an attempt ended: acknowledged (2xx), refused for good (other non-5xx), or worth retrying. */
    sealed interface Outcome {
        record Delivered() implements Outcome {
        }

        record Refused(int status) implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Outcome send(Receiver r, byte[] body) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.url()).timeout(r.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "Sightline")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!r.bearerToken().isEmpty()) {
            b.header("Authorization", "Bearer " + r.bearerToken());
        }
        if (!r.hmacSecret().isEmpty()) {
            b.header(SIGNATURE_HEADER, "sha256=" + hmac(r.hmacSecret(), body));
        }
        try {
            int status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return new Outcome.Delivered();
            }
            return status >= 500 ? new Outcome.Failed("status " + status) : new Outcome.Refused(status);
        } catch (IOException e) {
            return new Outcome.Failed(e.toString());
        }
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} with {@code secret}. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
