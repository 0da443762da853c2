package dev.parley.server.signal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * One request frame of docs/PROTOCOL.md, read strictly: exactly one JSON object (nothing after it, no
 * duplicate keys), {@code v} 1, an {@code id} from 1 to 2^53−1 (what a JavaScript number holds exactly,
 * so the client gets back the id it sent), a non-empty {@code type}, and {@code data} an object if present.
 */
record RequestFrame(long id, String type, JsonNode data) {
    static final long MAX_ID = (1L << 53) - 1;

    /** A frame that cannot be a request; {@code id} is the request's when it could be read, else 0. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final long id;

        Malformed(long id, String message) {
            super(message);
            this.id = id;
        }
    }

    /** The strict reader requests are parsed with. */
    static ObjectReader reader(ObjectMapper json) {
        return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withFeatures(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    static RequestFrame parse(ObjectReader reader, String text) throws Malformed {
        JsonNode msg;
        try {
            msg = reader.readTree(text);
        } catch (Exception e) {
            throw new Malformed(0, "frame is not valid JSON: " + (text.isBlank() ? "it is empty"
                    : e.getMessage() != null && e.getMessage().contains("Duplicate field") ? "it has a duplicate key"
                    : "a request is exactly one JSON object, with nothing after it"));
        }
        if (msg == null || !msg.isObject()) {
            throw new Malformed(0, "frame must be a JSON object");
        }
        JsonNode idNode = msg.get("id");
        if (idNode == null || !idNode.isIntegralNumber() || !idNode.canConvertToLong()
                || idNode.asLong() < 1 || idNode.asLong() > MAX_ID) {
            throw new Malformed(0, "request needs an integer 'id' from 1 to 2^53-1 (" + MAX_ID + ")");
        }
        long id = idNode.asLong();
        JsonNode v = msg.get("v");
        if (v == null || !v.isInt() || v.asInt() != SignalSession.PROTOCOL_VERSION) {
            throw new Malformed(id, "unsupported protocol version " + v + "; this server speaks v"
                    + SignalSession.PROTOCOL_VERSION);
        }
        JsonNode type = msg.get("type");
        if (type == null || type.asText("").isEmpty()) {
            throw new Malformed(id, "request needs a 'type'");
        }
        if (!type.isTextual()) {
            throw new Malformed(id, "unknown request type '" + Fields.clip(type.asText()) + "'");
        }
        JsonNode data = msg.get("data");
        if (data == null || data.isNull()) {
            data = reader.createObjectNode();
        } else if (!data.isObject()) {
            throw new Malformed(id, "'data' must be a JSON object");
        }
        return new RequestFrame(id, type.asText(), data);
    }
}
