package io.earshot.listener.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parsing helpers of the JSON connectors: anything unexpected is a {@link MalformedPayloadException}. */
public final class JsonPayloads {
    private JsonPayloads() {}

    public static JsonNode object(ObjectMapper mapper, String body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedPayloadException("expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode array(JsonNode parent, String field) {
        JsonNode a = parent.get(field);
        if (a == null || !a.isArray()) {
            throw new MalformedPayloadException("expected a JSON array '" + field + "'");
        }
        return a;
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    public static String cap(String s) {
        return s == null || s.length() <= 256 ? s : s.substring(0, 256);
    }
}
