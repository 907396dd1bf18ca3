package dev.sightline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API's JSON schemas as fabric8 generates them from the API types ({@code schema/validation-schema.json}
 * in the kubernetes-model-apps, -policy and -networking jars from Maven Central), merged, with three adjustments so
 * they check what the API server would: {@code IntOrString} and {@code Quantity} accept what the API accepts (fabric8
 * models them as Java objects), every object refuses properties it does not declare (as {@code kubectl apply
 * --validate=strict} does, so a misspelt field fails), and fabric8's Java-only keywords are dropped.
 */
final class KubernetesSchemas {
    private final ObjectNode definitions = JsonNodeFactory.instance.objectNode();
    private final Map<String, JsonSchema> byKind = new HashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    KubernetesSchemas() {
        try {
            List<URL> jars = Collections.list(getClass().getClassLoader().getResources("schema/validation-schema.json"));
            if (jars.size() < 3) {
                throw new IllegalStateException("expected the fabric8 kubernetes-model jars' schemas on the test "
                        + "classpath, found " + jars);
            }
            for (URL u : jars) {
                try (InputStream in = u.openStream()) {
                    JsonNode schema = DeployFiles.JSON.readTree(in);
                    schema.path("definitions").fields().forEachRemaining(e -> definitions.set(e.getKey(), e.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        definitions.fields().forEachRemaining(e -> adjust(e.getKey(), (ObjectNode) e.getValue()));
    }

    private void adjust(String name, ObjectNode def) {
        String java = def.path("existingJavaType").asText(def.path("javaType").asText(""));
        if (java.endsWith(".IntOrString") || name.endsWith("_IntOrString")) {
            definitions.set(name, oneOfTypes("integer", "string"));
            return;
        }
        if (java.endsWith(".Quantity") || name.endsWith("_Quantity")) {
            definitions.set(name, oneOfTypes("string", "number"));
            return;
        }
        List<String> required = new ArrayList<>();
        def.path("properties").fields().forEachRemaining(p -> {
            // apiVersion and kind are fabric8's "required" but optional on embedded objects (PVC templates).
            if (p.getValue().path("required").isBoolean() && p.getValue().path("required").asBoolean()
                    && !p.getKey().equals("apiVersion") && !p.getKey().equals("kind")) {
                required.add(p.getKey());
            }
        });
        clean(def);
        if (def.has("properties")) {
            def.put("additionalProperties", false);
            if (!required.isEmpty() && !name.endsWith("List")) {
                ArrayNode r = def.putArray("required");
                required.forEach(r::add);
            }
        }
    }

    /** Drops fabric8's Java keywords and draft-3 boolean {@code required}, at every depth. */
    private static void clean(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (f.startsWith("java") || f.equals("existingJavaType") || f.equals("interfaceImpls")
                        || (f.equals("required") && o.get(f).isBoolean())) {
                    it.remove();
                }
            }
            o.elements().forEachRemaining(KubernetesSchemas::clean);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(KubernetesSchemas::clean);
        }
    }

    private static ObjectNode oneOfTypes(String a, String b) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putArray("type").add(a).add(b);
        return n;
    }

    /** The schema problems of one object, empty when it is valid; an unknown apiVersion/kind is a problem too. */
    List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        JsonSchema schema = byKind.computeIfAbsent(apiVersion + "/" + kind, k -> schemaFor(apiVersion, kind));
        if (schema == null) {
            byKind.remove(apiVersion + "/" + kind);
            return List.of("no Kubernetes schema for apiVersion " + apiVersion + ", kind " + kind);
        }
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(object)) {
            out.add(m.getMessage());
        }
        Collections.sort(out);
        return out;
    }

    private JsonSchema schemaFor(String apiVersion, String kind) {
        for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode props = e.getValue().path("properties");
            if (props.path("kind").path("default").asText().equals(kind)
                    && props.path("apiVersion").path("default").asText().equals(apiVersion)) {
                ObjectNode root = JsonNodeFactory.instance.objectNode();
                root.put("$schema", "http://json-schema.org/draft-07/schema#");
                root.set("definitions", definitions);
                root.put("$ref", "#/definitions/" + e.getKey());
                return factory.getSchema(root);
            }
        }
        return null;
    }
}
