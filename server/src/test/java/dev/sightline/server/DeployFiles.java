package dev.sightline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the files under {@code deploy/} and {@code .github/workflows/} for the deploy checks. */
final class DeployFiles {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final Path TERRAFORM = DEPLOY.resolve("terraform");
    static final Path COMPOSE = DEPLOY.resolve("compose").resolve("docker-compose.yml");
    static final Path DOCKERFILE = DEPLOY.resolve("Dockerfile");
    static final Path WORKFLOWS = ROOT.resolve(".github").resolve("workflows");
    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    /** One document of a YAML file (or a whole JSON file). */
    record Doc(Path file, int index, JsonNode node) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + (index > 0 ? " (document " + (index + 1) + ")" : "");
        }
    }

    private DeployFiles() {
    }

    /** Every YAML and JSON file under deploy/ and .github/workflows/, sorted. */
    static List<Path> dataFiles() {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(DEPLOY, WORKFLOWS)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                        .filter(p -> !p.toString().contains("/.terraform/")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Parses a YAML (every document) or JSON file; a syntax error names the file and line. */
    static List<Doc> parse(Path file) {
        List<Doc> out = new ArrayList<>();
        try {
            if (file.toString().endsWith(".json")) {
                out.add(new Doc(file, 0, JSON.readTree(file.toFile())));
            } else {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    var it = YAML.readValues(parser, JsonNode.class);
                    int i = 0;
                    while (it.hasNext()) {
                        JsonNode n = it.next();
                        if (n != null && !n.isMissingNode() && !n.isNull()) {
                            out.add(new Doc(file, i, n));
                        }
                        i++;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(ROOT.relativize(file) + " does not parse: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every Kubernetes object under deploy/kubernetes (documents with apiVersion and kind, not kustomizations). */
    static List<Doc> kubernetesObjects() {
        List<Doc> out = new ArrayList<>();
        for (Path f : dataFiles()) {
            if (f.startsWith(KUBERNETES)) {
                for (Doc d : parse(f)) {
                    if (d.node().has("apiVersion") && d.node().has("kind")
                            && !d.node().path("apiVersion").asText().startsWith("kustomize.config.k8s.io")) {
                        out.add(d);
                    }
                }
            }
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String terraform() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(TERRAFORM)) {
            s.filter(p -> p.toString().endsWith(".tf")).sorted().forEach(p -> sb.append(read(p)).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /**
     * The HTTP paths the deploy files send requests to on the query port: probes, health checks, scrape
     * annotations, smoke tests.
     */
    static TreeSet<String> queryPaths() {
        TreeSet<String> out = new TreeSet<>();
        Pattern url = Pattern.compile("(?:127\\.0\\.0\\.1|sightline(?:-query)?):(?:\\$\\{SIGHTLINE_QUERY_PORT:-)?7070}?(/[a-z/_-]*)");
        for (String text : List.of(read(DOCKERFILE), read(COMPOSE), workflows(), terraform())) {
            Matcher m = url.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        Matcher tf = Pattern.compile("(?<![A-Za-z_])path\\s*=\\s*\"(/[^\"]*)\"").matcher(terraform());
        while (tf.find()) {
            out.add(tf.group(1));
        }
        for (Doc d : kubernetesObjects()) {
            d.node().findValues("httpGet").forEach(h -> out.add(h.path("path").asText()));
            d.node().findValues("prometheus.io/path").forEach(p -> out.add(p.asText()));
        }
        return out;
    }

    static String workflows() {
        StringBuilder sb = new StringBuilder();
        for (Path f : dataFiles()) {
            if (f.startsWith(WORKFLOWS)) {
                sb.append(read(f)).append('\n');
            }
        }
        return sb.toString();
    }
}
