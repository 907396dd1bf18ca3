package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.RuleGroup;
import dev.sightline.alerting.RuleLoader;
import dev.sightline.server.config.ConfigKey;
import dev.sightline.server.config.ConfigLoader;
import dev.sightline.server.config.LoadedConfig;
import dev.sightline.server.config.SightlineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy files (deploy/, .github/workflows/) parse, the Kubernetes manifests satisfy the Kubernetes API's
 * schema, and every port, config key, environment variable, folder and JVM flag they use is one the server
 * really has: read from {@link ConfigLoader#keys()}, loaded with {@link ConfigLoader#load}, and compared with the
 * launcher. {@link DeployPathsIT} requests their HTTP paths from a running server.
 */
class DeployFilesTest {
    private static final Map<String, ConfigKey> KEYS = ConfigLoader.keys().stream()
            .collect(Collectors.toMap(ConfigKey::key, k -> k, (a, b) -> a, LinkedHashMap::new));
    private static final Set<String> ENV_VARS = ConfigLoader.keys().stream().map(ConfigKey::envVar)
            .collect(Collectors.toSet());

    @TempDir
    Path tmp;

    @Test
    void everyYamlAndJsonFileParses() {
        List<Path> files = DeployFiles.dataFiles();
        assertThat(files).extracting(f -> DeployFiles.ROOT.relativize(f).toString()).contains(
                "deploy/compose/docker-compose.yml", "deploy/kubernetes/base/kustomization.yaml",
                "deploy/kubernetes/overlays/production/kustomization.yaml", ".github/workflows/ci-cd.yml",
                "deploy/compose/grafana/provisioning/dashboards/sightline.json");
        for (Path f : files) {
            assertThat(DeployFiles.parse(f)).as(f.toString()).isNotEmpty();
        }
    }

    @Test
    void kubernetesManifestsMatchTheKubernetesApiSchema() {
        KubernetesSchemas schemas = new KubernetesSchemas();
        List<DeployFiles.Doc> objects = DeployFiles.kubernetesObjects();
        assertThat(objects).extracting(d -> d.node().path("kind").asText()).contains("StatefulSet", "Service",
                "PodDisruptionBudget", "NetworkPolicy", "ServiceAccount", "Namespace");
        for (DeployFiles.Doc d : objects) {
            assertThat(schemas.validate(d.node())).as(d.toString()).isEmpty();
        }
    }

    @Test
    void theSchemaCheckCatchesMisspeltFieldsAndWrongTypes() {
        KubernetesSchemas schemas = new KubernetesSchemas();
        ObjectNode sts = statefulSet().deepCopy();
        ((ObjectNode) sts.get("spec")).put("replica", 1);
        assertThat(schemas.validate(sts)).anyMatch(m -> m.contains("replica"));
        ObjectNode ports = statefulSet().deepCopy();
        ((ObjectNode) ports.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "otlp");
        assertThat(schemas.validate(ports)).anyMatch(m -> m.contains("containerPort"));
        ObjectNode memory = statefulSet().deepCopy();
        ((ObjectNode) memory.at("/spec/template/spec/containers/0/resources/limits")).putObject("memory");
        assertThat(schemas.validate(memory)).anyMatch(m -> m.contains("memory"));
    }

    /** When kubectl is installed, the kustomizations render, and what they render satisfies the schema too. */
    @Test
    void renderedKustomizationsMatchTheSchema() throws Exception {
        String kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "skipping: kubectl not installed (its kustomize renders the overlays)");
        KubernetesSchemas schemas = new KubernetesSchemas();
        for (String dir : List.of("base", "overlays/staging", "overlays/production")) {
            Process p = new ProcessBuilder(kubectl, "kustomize", DeployFiles.KUBERNETES.resolve(dir).toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
            Path rendered = tmp.resolve(dir.replace('/', '-') + ".yaml");
            Files.write(rendered, out);
            List<DeployFiles.Doc> docs = DeployFiles.parse(rendered);
            assertThat(docs).hasSizeGreaterThanOrEqualTo(9);
            for (DeployFiles.Doc d : docs) {
                assertThat(schemas.validate(d.node())).as(dir + ": " + d.node().path("kind").asText()).isEmpty();
            }
        }
    }

    @Test
    void everyDeploymentListensOnTheServersPorts() {
        TreeSet<Integer> server = new TreeSet<>(List.of(port("ingest.grpc_port"), port("ingest.http_port"),
                port("query.port")));
        assertThat(server).containsExactly(4317, 4318, 7070);

        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(DeployFiles.read(DeployFiles.DOCKERFILE));
        assertThat(expose.find()).isTrue();
        assertThat(Arrays.stream(expose.group(1).trim().split("\\s+")).map(Integer::valueOf))
                .containsExactlyInAnyOrderElementsOf(server);

        List<Integer> compose = new ArrayList<>();
        compose().path("services").path("sightline").path("ports")
                .forEach(p -> compose.add(Integer.valueOf(p.asText().substring(p.asText().lastIndexOf(':') + 1))));
        assertThat(compose).containsExactlyInAnyOrderElementsOf(server);

        JsonNode container = statefulSet().at("/spec/template/spec/containers/0");
        Map<String, Integer> named = new HashMap<>();
        container.path("ports").forEach(p -> named.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(named.values()).containsExactlyInAnyOrderElementsOf(server);
        assertThat(named.get("query")).isEqualTo(port("query.port"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(named).as(probe).containsKey(container.path(probe).path("httpGet").path("port").asText());
        }
        for (DeployFiles.Doc d : DeployFiles.kubernetesObjects()) {
            if (d.node().path("kind").asText().equals("Service")) {
                d.node().at("/spec/ports").forEach(p -> {
                    assertThat(named).as(d + " targetPort").containsKey(p.path("targetPort").asText());
                    assertThat(p.path("port").asInt()).as(d + " port").isEqualTo(named.get(p.path("targetPort").asText()));
                });
            }
            if (d.node().path("kind").asText().equals("NetworkPolicy")) {
                List<Integer> allowed = new ArrayList<>();
                d.node().at("/spec/ingress/0/ports").forEach(p -> allowed.add(p.path("port").asInt()));
                assertThat(allowed).as(d.toString()).containsExactlyInAnyOrderElementsOf(server);
            }
        }
        assertThat(statefulSet().at("/spec/template/metadata/annotations").path("prometheus.io/port").asInt())
                .isEqualTo(port("query.port"));

        Matcher tf = Pattern.compile("(otlp_grpc|otlp_http|query)\\s*=\\s*(\\d+)").matcher(DeployFiles.terraform());
        List<Integer> terraform = new ArrayList<>();
        while (tf.find()) {
            terraform.add(Integer.valueOf(tf.group(2)));
        }
        assertThat(terraform).containsExactlyInAnyOrderElementsOf(server);
    }

    @Test
    void kubernetesConfigFilesAndEnvironmentLoadWithTheServersLoader() {
        Path base = DeployFiles.KUBERNETES.resolve("base");
        JsonNode container = statefulSet().at("/spec/template/spec/containers/0");
        Map<String, String> env = env(container);
        assertThat(env.get(ConfigLoader.CONFIG_ENV)).isEqualTo(mountPath(container, "config"));
        SightlineConfig c = load(env, base.resolve("sightline.yaml"));
        assertThat(c.dataDir().toString()).isEqualTo(mountPath(container, "data"));
        assertThat(c.alerting().rulesDir().toString()).isEqualTo(mountPath(container, "rules"));
        assertThat(c.selfMonitoring().enabled()).isTrue();
        assertThat(c.log().format()).isEqualTo("json");

        Path production = DeployFiles.KUBERNETES.resolve("overlays/production");
        JsonNode patch = DeployFiles.parse(production.resolve("statefulset-resources.yaml")).get(0).node();
        env.putAll(env(patch.at("/spec/template/spec/containers/0")));
        SightlineConfig p = load(env, production.resolve("sightline.yaml"));
        assertThat(p.dataDir()).isEqualTo(c.dataDir());
        assertThat(p.alerting().externalUrl()).startsWith("https://");
        assertThat(p.traces().retention()).isGreaterThan(c.traces().retention());
        assertThat(statefulSet().at("/spec/template/spec/enableServiceLinks").asBoolean(true))
                .as("Services named sightline-* inject SIGHTLINE_*_PORT variables unless service links are off")
                .isFalse();
    }

    @Test
    void composeEnvironmentUsesRealKeysAndLoads() {
        JsonNode sightline = compose().path("services").path("sightline");
        Map<String, String> env = new HashMap<>();
        sightline.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                e.getValue().asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
        assertThat(env.keySet()).allMatch(k -> ENV_VARS.contains(k) || ConfigLoader.LAUNCHER_ENV.contains(k),
                "a SIGHTLINE_* configuration variable or a launcher variable");
        LoadedConfig loaded = ConfigLoader.load(new String[0], env);
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().selfMonitoring().enabled()).isTrue();
        List<String> volumes = new ArrayList<>();
        sightline.path("volumes").forEach(v -> volumes.add(v.asText().split(":")[1]));
        assertThat(volumes).contains(dockerfileEnv().get("SIGHTLINE_DATA_DIR"), loaded.config().alerting().rulesDir()
                .toString());
        assertThat(compose().at("/services/demo-load/command").toString()).contains("http://sightline:"
                + port("ingest.http_port"));
    }

    @Test
    void dockerfileEnvironmentAndJvmFlagsMatchTheServerAndTheLauncher() throws IOException {
        Map<String, String> env = dockerfileEnv();
        assertThat(env.keySet()).allMatch(k -> ENV_VARS.contains(k) || ConfigLoader.LAUNCHER_ENV.contains(k));
        LoadedConfig loaded = ConfigLoader.load(new String[0], env);
        assertThat(loaded.warnings()).isEmpty();
        String dockerfile = DeployFiles.read(DeployFiles.DOCKERFILE);
        assertThat(dockerfile).contains("VOLUME [\"" + loaded.config().dataDir() + "\"]");
        Matcher uid = Pattern.compile("--uid (\\d+)").matcher(dockerfile);
        assertThat(uid.find()).isTrue();
        assertThat(statefulSet().at("/spec/template/spec/securityContext/runAsUser").asText()).isEqualTo(uid.group(1));

        String launcher = Files.readString(DeployFiles.ROOT.resolve("sightline"), StandardCharsets.UTF_8);
        Matcher l = Pattern.compile("exec \"\\$java_bin\" (.*?) \\\\\\s*\\n\\s*\\$\\{SIGHTLINE_JAVA_OPTS").matcher(launcher);
        assertThat(l.find()).as("the launcher's exec line").isTrue();
        Matcher d = Pattern.compile("exec java (.*?) \\$SIGHTLINE_JAVA_OPTS").matcher(dockerfile);
        assertThat(d.find()).as("the Dockerfile's entrypoint").isTrue();
        assertThat(d.group(1)).isEqualTo(l.group(1));
    }

    @Test
    void terraformUsesRealKeysAndItsRenderedConfigLoads() throws IOException {
        String tf = DeployFiles.terraform();
        Matcher env = Pattern.compile("name\\s*=\\s*\"(SIGHTLINE_[A-Z_]+)\"").matcher(tf);
        int n = 0;
        while (env.find()) {
            n++;
            assertThat(ENV_VARS.contains(env.group(1)) || env.group(1).equals(ConfigLoader.CONFIG_ENV)
                    || ConfigLoader.LAUNCHER_ENV.contains(env.group(1))).as(env.group(1)).isTrue();
        }
        assertThat(n).isPositive();
        assertThat(tf).containsPattern("enable_service_links\\s*=\\s*false");

        String template = DeployFiles.read(DeployFiles.TERRAFORM.resolve("sightline.yaml.tftpl"));
        Map<String, String> values = new HashMap<>(Map.of("grpc_port", "4317", "http_port", "4318", "query_port",
                "7070", "external_url", "https://sightline.example.com", "self_monitoring", "true"));
        Matcher defaults = Pattern.compile("variable \"(\\w+)\" \\{[^}]*?default\\s*=\\s*\"([^\"]*)\"").matcher(tf);
        while (defaults.find()) {
            values.putIfAbsent(defaults.group(1), defaults.group(2));
        }
        Matcher placeholder = Pattern.compile("\\$\\{(\\w+)}").matcher(template);
        StringBuilder rendered = new StringBuilder();
        while (placeholder.find()) {
            assertThat(tf).as("main.tf passes " + placeholder.group(1) + " to the template")
                    .containsPattern("\\b" + placeholder.group(1) + "\\s*=");
            assertThat(values).as("a value for " + placeholder.group(1)).containsKey(placeholder.group(1));
            placeholder.appendReplacement(rendered, Matcher.quoteReplacement(values.get(placeholder.group(1))));
        }
        placeholder.appendTail(rendered);
        Path file = tmp.resolve("sightline.yaml");
        Files.writeString(file, rendered);
        SightlineConfig c = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of()).config();
        assertThat(c.query().port()).isEqualTo(port("query.port"));
        assertThat(c.dataDir().toString()).isEqualTo(mountPath(statefulSet().at("/spec/template/spec/containers/0"),
                "data"));
        assertThat(tf).contains("mount_path = \"" + c.dataDir() + "\"", "mount_path = \"" + c.alerting().rulesDir() + "\"");
    }

    @Test
    void alertRulesLoadWithTheServersRuleLoaderAndTheKustomizeCopyIsTheSame() throws Exception {
        List<RuleGroup> groups = new RuleLoader(60_000).loadFolder(DeployFiles.DEPLOY.resolve("rules"));
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).rules()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(DeployFiles.read(DeployFiles.KUBERNETES.resolve("base/rules/sightline.yml")))
                .as("deploy/kubernetes/base/rules/sightline.yml must be a copy of deploy/rules/sightline.yml "
                        + "(kustomize reads only files under its folder)")
                .isEqualTo(DeployFiles.read(DeployFiles.DEPLOY.resolve("rules/sightline.yml")));
    }

    @Test
    void theHealthAndMetricsPathsAreAllUsed() {
        assertThat(DeployFiles.queryPaths()).contains("/healthz", "/readyz", "/metrics");
    }

    private static int port(String key) {
        return Integer.parseInt(KEYS.get(key).defaultValue());
    }

    private static JsonNode compose() {
        return DeployFiles.parse(DeployFiles.COMPOSE).get(0).node();
    }

    static JsonNode statefulSet() {
        return DeployFiles.parse(DeployFiles.KUBERNETES.resolve("base/statefulset.yaml")).get(0).node();
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> out = new HashMap<>();
        container.path("env").forEach(e -> out.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(out.keySet()).allMatch(k -> ENV_VARS.contains(k) || k.equals(ConfigLoader.CONFIG_ENV)
                || ConfigLoader.LAUNCHER_ENV.contains(k), "a SIGHTLINE_* configuration variable");
        return out;
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("no volume mount named " + volume);
    }

    /** Loads as the pod would: SIGHTLINE_CONFIG pointing at the ConfigMap's file (here, its source). */
    private static SightlineConfig load(Map<String, String> podEnv, Path configFile) {
        Map<String, String> env = new HashMap<>(podEnv);
        env.put(ConfigLoader.CONFIG_ENV, configFile.toString());
        LoadedConfig loaded = ConfigLoader.load(new String[0], env);
        assertThat(loaded.warnings()).isEmpty();
        return loaded.config();
    }

    private static Map<String, String> dockerfileEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher block = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(DeployFiles.read(DeployFiles.DOCKERFILE));
        while (block.find()) {
            Matcher kv = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S*)").matcher(block.group(1));
            while (kv.find()) {
                env.put(kv.group(1), kv.group(2).replace("\"", ""));
            }
        }
        assertThat(env).isNotEmpty();
        return env;
    }

    static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
