package dev.sightline.server.config;

import dev.sightline.server.config.ConfigSchema.Leaf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SIGHTLINE_*} environment variables: {@code SIGHTLINE_CONFIG} names the YAML file, every key has its
 * variable ({@code ingest.grpc_port} is {@code SIGHTLINE_INGEST_GRPC_PORT}). Unknown {@code SIGHTLINE_*}
 * variables are warnings, not errors, because Kubernetes injects service-link variables such as
 * {@code SIGHTLINE_PORT_7070_TCP} for any Service named {@code sightline} or {@code sightline-*}. Empty values
 * count as unset, as {@code ${VAR:-}} in compose files produces them.
 *
 * @param configFile the YAML file named by {@code SIGHTLINE_CONFIG}, or {@code null}
 * @param settings by dotted key
 * @param warnings one line each, naming variables but never their values
 */
record EnvironmentSettings(String configFile, Map<String, Setting> settings, List<String> warnings) {
    static final String CONFIG_VAR = ConfigSchema.ENV_PREFIX + "CONFIG";
    /** Read by the launcher and the container entrypoint ({@code ./sightline}, deploy/Dockerfile), not keys. */
    static final java.util.Set<String> LAUNCHER_VARS = java.util.Set.of(ConfigSchema.ENV_PREFIX + "JAVA_OPTS",
            ConfigSchema.ENV_PREFIX + "JDK_DIRS");
    /** Service-link variables: {@code <SERVICE>_PORT...} or {@code <SERVICE>_SERVICE_HOST/PORT...}. */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "(SIGHTLINE(?:_[A-Z0-9]+)*?)_(SERVICE_HOST|SERVICE_PORT(?:_[A-Z0-9_]+)?|PORT"
                    + "|PORT_[0-9]+_(?:TCP|UDP|SCTP)(?:_PROTO|_PORT|_ADDR)?)");
    private static final Pattern SERVICE_LINK_VALUE = Pattern.compile("(tcp|udp|sctp)://.*");

    static EnvironmentSettings read(Map<String, String> env, ConfigSchema schema) {
        String configFile = null;
        Map<String, Setting> settings = new LinkedHashMap<>();
        Map<String, List<String>> serviceLinks = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (!name.startsWith(ConfigSchema.ENV_PREFIX) || value == null || value.isEmpty()) {
                continue;
            }
            Leaf leaf = schema.leafForEnv(name);
            if (name.equals(CONFIG_VAR)) {
                configFile = value;
            } else if (LAUNCHER_VARS.contains(name)) {
                continue;
            } else if (leaf != null) {
                settings.put(leaf.key(), parse(leaf, name, value));
            } else if (serviceLinkOf(name, value) != null) {
                serviceLinks.computeIfAbsent(serviceLinkOf(name, value), s -> new ArrayList<>()).add(name);
            } else {
                List<String> known = schema.leaves().stream().map(Leaf::envVar).toList();
                unknown.add("ignoring unknown environment variable " + name + NearestName.hint(name, known, ""));
            }
        }
        List<String> warnings = new ArrayList<>(unknown);
        serviceLinks.forEach((service, names) -> warnings.add("ignoring " + names.size() + " environment variable"
                + (names.size() == 1 ? "" : "s") + " that Kubernetes sets for a Service named " + service + " ("
                + String.join(", ", names) + "); enableServiceLinks: false in the pod spec turns them off"));
        return new EnvironmentSettings(configFile, settings, List.copyOf(warnings));
    }

    private static Setting parse(Leaf leaf, String name, String value) {
        try {
            return Setting.parse(leaf, value, "from environment variable " + name);
        } catch (ConfigException e) {
            if (!SERVICE_LINK_VALUE.matcher(value).matches()) {
                throw e;
            }
            String service = name.substring(0, name.lastIndexOf('_')).toLowerCase(Locale.ROOT).replace('_', '-');
            throw new ConfigException(e.getMessage() + "; this looks like a variable Kubernetes sets for a Service "
                    + "named " + service + ": set enableServiceLinks: false in the pod spec or rename that Service", e);
        }
    }

    /**
     * The Kubernetes Service a variable of this name would be a service link for, e.g. {@code sightline-query}
     * for {@code SIGHTLINE_QUERY_SERVICE_HOST}, or {@code null}.
     */
    static String serviceOf(String envVar) {
        Matcher m = SERVICE_LINK.matcher(envVar);
        return m.matches() ? m.group(1).toLowerCase(Locale.ROOT).replace('_', '-') : null;
    }

    /**
     * Like {@link #serviceOf(String)}, but a bare {@code <SERVICE>_PORT} only counts with a service-link value
     * ({@code tcp://10.0.0.7:7070}): without one, {@code SIGHTLINE_INGEST_GRCP_PORT} is more likely a typo.
     */
    private static String serviceLinkOf(String envVar, String value) {
        Matcher m = SERVICE_LINK.matcher(envVar);
        if (!m.matches() || m.group(2).equals("PORT") && !SERVICE_LINK_VALUE.matcher(value).matches()) {
            return null;
        }
        return m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
