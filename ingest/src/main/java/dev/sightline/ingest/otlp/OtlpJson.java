package dev.sightline.ingest.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON, which is protobuf's JSON mapping with two differences: trace and span IDs are hex strings, not
 * base64, and enums are integers. Unknown fields are ignored, as the OTLP specification requires.
 *
 * <p>Decoding rewrites the ID fields from hex to base64, then hands the tree to protobuf's JSON parser;
 * encoding does the reverse. Thread-safe.
 */
public final class OtlpJson {
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id",
            "span_id", "parent_span_id");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(Integer.MAX_VALUE).build());
        MAPPER.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    /**
     * Parses an OTLP/JSON body into {@code builder}.
     *
     * @throws MalformedRequestException saying what is wrong: not JSON, an ID that is not hex, a field of the
     *     wrong type
     */
    public static void merge(byte[] json, Message.Builder builder) throws MalformedRequestException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException("body is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e));
        } catch (IOException e) {
            throw new MalformedRequestException("body could not be read as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRequestException("body must be a JSON object");
        }
        hexToBase64(root, "");
        try {
            PARSER.merge(MAPPER.writeValueAsString(root), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedRequestException("body is not a valid OTLP/JSON "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new MalformedRequestException("body could not be decoded: " + e.getMessage());
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static void hexToBase64(JsonNode node, String path) throws MalformedRequestException {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String at = path + "." + f.getKey();
                if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
                    f.setValue(new TextNode(Base64.getEncoder().encodeToString(hex(f.getValue().asText(), at))));
                } else {
                    hexToBase64(f.getValue(), at);
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                hexToBase64(arr.get(i), path + "[" + i + "]");
            }
        }
    }

    private static byte[] hex(String s, String path) throws MalformedRequestException {
        if ((s.length() & 1) != 0) {
            throw new MalformedRequestException(path.substring(1) + " must be hex with an even number of digits, got \""
                    + abbreviate(s) + "\"");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new MalformedRequestException(path.substring(1) + " must be hex, got \"" + abbreviate(s) + "\"");
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    /** Writes a message as OTLP/JSON (IDs in hex). */
    public static String print(MessageOrBuilder message) {
        try {
            JsonNode tree = MAPPER.readTree(PRINTER.print(message));
            base64ToHex(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static void base64ToHex(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
                    f.setValue(new TextNode(dev.sightline.storage.model.HexIds.toHex(
                            Base64.getDecoder().decode(f.getValue().asText()))));
                } else {
                    base64ToHex(f.getValue());
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (JsonNode child : arr) {
                base64ToHex(child);
            }
        }
    }
}
