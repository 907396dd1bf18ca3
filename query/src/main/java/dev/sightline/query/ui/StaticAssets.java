package dev.sightline.query.ui;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the web page's files from the classpath folder {@code sightline-ui/} (the {@code ui} module's jar).
 * The page's own routes ({@code /}, {@code /trace/...}, {@code /search}) all answer {@code index.html}; the
 * page reads the path itself.
 */
public final class StaticAssets {
    private static final String ROOT = "sightline-ui/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final ClassLoader loader;

    public StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    public void register(Router router) {
        router.get("/", r -> file("index.html"));
        router.get("/trace/{rest*}", r -> file("index.html"));
        router.get("/search", r -> file("index.html"));
        router.get("/logs", r -> file("index.html"));
        router.get("/assets/{file*}", this::asset);
    }

    private ApiResponse asset(ApiRequest r) throws IOException {
        String name = r.pathParam("file");
        if (name.contains("..") || name.startsWith("/")) {
            return ApiResponse.text(400, "bad asset path: " + name);
        }
        return file("assets/" + name);
    }

    private ApiResponse file(String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return ApiResponse.text(404, "no such file: " + name
                        + (name.equals("index.html") ? " (the ui module is not on the classpath)" : ""));
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new ApiResponse(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes(),
                    Map.of("Cache-Control", name.equals("index.html") ? "no-cache" : "max-age=3600",
                            "X-Content-Type-Options", "nosniff"));
        }
    }
}
