package dev.parley.server.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames a session sends (docs/PROTOCOL.md): responses, with their data or their error, and events.
 * Holds nothing that changes, and both the mapper and the {@link SignalSession.Outbox} are thread-safe, so the
 * I/O thread (refusals), the signaling executor (failed preparations) and the SFU thread (answers and events)
 * may all write through it.
 */
final class FrameWriter {
    // SignalSession's logger: the log line, and any filter on its logger name, stay as before the split.
    private static final Logger log = LoggerFactory.getLogger(SignalSession.class);

    private final ObjectMapper json;
    private final SignalSession.Outbox outbox;

    FrameWriter(ObjectMapper json, SignalSession.Outbox outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    /** Returns the frame as sent, for the participant's reply memory. */
    String respond(long id, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("v", SignalSession.PROTOCOL_VERSION).put("type", "response").put("id", id).put("ok", true);
        frame.set("data", json.valueToTree(data == null ? Map.of() : data));
        return send(frame);
    }

    void respondError(long id, ErrorCode code, String message, Map<String, Object> details) {
        ObjectNode frame = json.createObjectNode();
        frame.put("v", SignalSession.PROTOCOL_VERSION).put("type", "response").put("id", id).put("ok", false);
        ObjectNode error = frame.putObject("error").put("code", code.code()).put("name", code.name())
                .put("message", message);
        details.forEach((k, v) -> error.set(k, json.valueToTree(v)));
        send(frame);
    }

    void event(String name, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("v", SignalSession.PROTOCOL_VERSION).put("type", "event").put("name", name);
        frame.set("data", json.valueToTree(data));
        send(frame);
    }

    private String send(ObjectNode frame) {
        try {
            String text = json.writeValueAsString(frame);
            outbox.send(text);
            return text;
        } catch (Exception e) {
            log.error("cannot serialise a signaling frame", e);
            return "";
        }
    }
}
