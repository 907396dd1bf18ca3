package dev.sightline.query.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps method + path patterns such as {@code /api/traces/{traceId}} to handlers. Patterns are matched in the
 * order they were added; a {@code {name}} segment captures one path segment, and a trailing {@code {name*}}
 * captures the rest of the path. Immutable after construction; thread-safe.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    public Router get(String pattern, ApiHandler handler) {
        return add("GET", pattern, handler);
    }

    public Router add(String method, String pattern, ApiHandler handler) {
        routes.add(new Route(method, pattern.split("/", -1), handler));
        return this;
    }

    /** The route's handler with path parameters bound, or null when no route matches the path. */
    Match match(String method, String path) {
        String[] segments = path.split("/", -1);
        boolean pathKnown = false;
        for (Route r : routes) {
            Map<String, String> captured = r.capture(segments);
            if (captured == null) {
                continue;
            }
            pathKnown = true;
            if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
                return new Match(r.handler, captured, false, String.join("/", r.pattern));
            }
        }
        return pathKnown ? new Match(null, Map.of(), true, null) : null;
    }

    /**
     * A match: a handler, or {@code methodNotAllowed} when the path exists for other methods only.
     *
     * @param pattern the matched route's pattern ({@code /api/traces/{traceId}}), a bounded label for metrics
     */
    record Match(ApiHandler handler, Map<String, String> pathParams, boolean methodNotAllowed, String pattern) {
    }

    private record Route(String method, String[] pattern, ApiHandler handler) {
        Map<String, String> capture(String[] segments) {
            Map<String, String> out = new HashMap<>();
            for (int i = 0; i < pattern.length; i++) {
                String p = pattern[i];
                if (p.startsWith("{") && p.endsWith("*}")) {
                    if (i >= segments.length) {
                        return null;
                    }
                    out.put(p.substring(1, p.length() - 2), String.join("/",
                            java.util.Arrays.copyOfRange(segments, i, segments.length)));
                    return out;
                }
                if (i >= segments.length) {
                    return null;
                }
                if (p.startsWith("{") && p.endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    out.put(p.substring(1, p.length() - 1), segments[i]);
                } else if (!p.equals(segments[i])) {
                    return null;
                }
            }
            return segments.length == pattern.length ? out : null;
        }
    }
}
