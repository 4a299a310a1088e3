package com.callbasis.store.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Leaf data: canonical JSON (sorted keys, no whitespace) so equal events hash equally. */
final class LeafCodec {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private LeafCodec() {}

    static byte[] encode(AuditEvent e, Instant time, Map<String, String> commitments) {
        Map<String, Object> leaf = new TreeMap<>();
        leaf.put("v", 1);
        leaf.put("type", e.type().wireName());
        leaf.put("tenant", e.tenant());
        leaf.put("time", time.toString());
        leaf.put("fields", new TreeMap<>(e.fields()));
        leaf.put("commitments", new TreeMap<>(commitments));
        try {
            return JSON.writeValueAsString(leaf).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("leaf encoding failed", ex);
        }
    }

    /** Parses leaf data; null when it is not a well-formed v1 leaf. */
    static JsonNode decode(byte[] data) {
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject() || n.path("v").asInt() != 1 || !n.path("type").isTextual()
                    || !n.path("tenant").isTextual() || !n.path("time").isTextual() || !n.path("fields").isObject()) {
                return null;
            }
            Instant.parse(n.path("time").asText());
            return n;
        } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
