package dev.sightline.server.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration keys, derived by reflection from a tree of records: each record component is a key named
 * after it in snake_case, a component whose type is a record is a section holding more keys, and every other
 * component is a leaf of one of the {@link LeafType}s. Defaults are the component values of a defaults instance.
 * Built once; immutable.
 */
final class ConfigSchema {
    static final String ENV_PREFIX = "SIGHTLINE_";
    /** Names the flag parser and the environment reserve for themselves at the top level. */
    private static final List<String> RESERVED = List.of("config", "help");

    private static final ConfigSchema SIGHTLINE = of(SightlineConfig.class, SightlineConfig.defaults());

    sealed interface Node permits Section, Leaf {
        /** This component's own snake_case name. */
        String name();

        /** The full dotted key; empty for the root. */
        String key();
    }

    record Section(String name, String key, Constructor<?> constructor, List<Node> children) implements Node {
        Node child(String childName) {
            for (Node child : children) {
                if (child.name().equals(childName)) {
                    return child;
                }
            }
            return null;
        }

        List<String> childNames() {
            return children.stream().map(Node::name).toList();
        }
    }

    record Leaf(String name, String key, String envVar, LeafType type, Object defaultValue) implements Node {
        ConfigKey describe() {
            return new ConfigKey(key, envVar, type.format(defaultValue), type.typeName());
        }
    }

    private final Section root;
    private final Map<String, Node> byKey = new LinkedHashMap<>();
    private final Map<String, Leaf> leavesByEnv = new LinkedHashMap<>();
    private final List<Leaf> leaves = new ArrayList<>();

    private ConfigSchema(Section root) {
        this.root = root;
        index(root);
    }

    /** The schema of {@link SightlineConfig}. */
    static ConfigSchema sightline() {
        return SIGHTLINE;
    }

    /**
     * The schema of any record tree.
     *
     * @throws IllegalStateException if a component has an unsupported type, a default is missing, or two keys
     *     would share an environment variable — programming errors, caught by any test that loads the config
     */
    static <T extends Record> ConfigSchema of(Class<T> type, T defaults) {
        ConfigSchema schema = new ConfigSchema(section("", "", type, defaults));
        for (Node top : schema.root.children()) {
            if (RESERVED.contains(top.name())) {
                throw new IllegalStateException("configuration key \"" + top.name() + "\" is reserved for --"
                        + top.name());
            }
        }
        return schema;
    }

    Section root() {
        return root;
    }

    /** Every leaf key in declaration order, depth first. */
    List<Leaf> leaves() {
        return Collections.unmodifiableList(leaves);
    }

    /** The section or leaf with this dotted key, or {@code null}. */
    Node node(String key) {
        return byKey.get(key);
    }

    /** The leaf set by this environment variable, or {@code null}. */
    Leaf leafForEnv(String envVar) {
        return leavesByEnv.get(envVar);
    }

    /** {@code listenAddress} to {@code listen_address}; {@code httpURL} to {@code http_url}. */
    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char prev = camel.charAt(i - 1);
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (!Character.isUpperCase(prev) || nextLower) {
                    out.append('_');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private void index(Node node) {
        if (!node.key().isEmpty()) {
            byKey.put(node.key(), node);
        }
        switch (node) {
            case Section s -> s.children().forEach(this::index);
            case Leaf leaf -> {
                Leaf clash = leavesByEnv.putIfAbsent(leaf.envVar(), leaf);
                if (clash != null) {
                    throw new IllegalStateException("configuration keys " + clash.key() + " and " + leaf.key()
                            + " would both be set by " + leaf.envVar());
                }
                // Kubernetes sets these for a Service named sightline; every pod next to one would fail to start.
                if ("sightline".equals(EnvironmentSettings.serviceOf(leaf.envVar()))) {
                    throw new IllegalStateException("configuration key " + leaf.key() + " maps to " + leaf.envVar()
                            + ", which Kubernetes sets for a Service named sightline; rename the key");
                }
                leaves.add(leaf);
            }
        }
    }

    private static Section section(String name, String key, Class<?> type, Object defaults) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalStateException("configuration section " + describe(key) + " must be a record, got "
                    + type.getName());
        }
        List<Node> children = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            String childName = snakeCase(component.getName());
            String childKey = key.isEmpty() ? childName : key + "." + childName;
            Object value = defaultOf(component, defaults, childKey);
            if (component.getType().isRecord() && LeafType.of(component.getType()) == null) {
                children.add(section(childName, childKey, component.getType(), value));
                continue;
            }
            LeafType leafType = LeafType.of(component.getType());
            if (leafType == LeafType.STRING_LIST
                    && !component.getGenericType().getTypeName().equals("java.util.List<java.lang.String>")) {
                leafType = null; // only lists of strings
            }
            if (leafType == null) {
                throw new IllegalStateException("configuration key " + childKey + " has unsupported type "
                        + component.getGenericType().getTypeName() + "; use a record or one of "
                        + List.of(LeafType.values()).stream().map(LeafType::typeName).toList());
            }
            String env = ENV_PREFIX + childKey.toUpperCase(Locale.ROOT).replace('.', '_');
            children.add(new Leaf(childName, childKey, env, leafType, value));
        }
        try {
            return new Section(name, key, type.getDeclaredConstructor(types), List.copyOf(children));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor for " + type.getName(), e);
        }
    }

    private static Object defaultOf(RecordComponent component, Object defaults, String key) {
        Object value;
        try {
            value = component.getAccessor().invoke(defaults);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the default of " + key, e);
        }
        if (value == null) {
            throw new IllegalStateException("configuration key " + key + " has no default");
        }
        return value;
    }

    private static String describe(String key) {
        return key.isEmpty() ? "(top level)" : key;
    }
}
