package dev.sightline.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Calls the logs API of a test server. */
final class LogSearches {
    private LogSearches() {
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** GET /api/logs/search with the given parameters (already encoded), expecting 200. */
    static JsonNode search(String queryBase, String params) throws Exception {
        TestHttp.Response r = TestHttp.get(queryBase + "/api/logs/search?" + params);
        if (r.status() != 200) {
            throw new AssertionError("search " + params + " answered " + r.status() + ": " + r.text());
        }
        return r.json();
    }

    /** Every record of a search, page after page until nextCursor is null. */
    static List<JsonNode> all(String queryBase, String params, int limit) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = search(queryBase, params + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            page.get("records").forEach(out::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return out;
    }

    /** Waits (generously) until the search returns at least {@code n} records, and returns them. */
    static List<JsonNode> awaitRecords(String queryBase, String params, int n) {
        List<List<JsonNode>> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<JsonNode> got = all(queryBase, params, 10_000);
            last.clear();
            last.add(got);
            return got.size() >= n;
        });
        return last.getFirst();
    }
}
