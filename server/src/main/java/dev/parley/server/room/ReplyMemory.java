package dev.parley.server.room;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@value #CAPACITY} replies sent to one client, by request id (docs/PROTOCOL.md "Resume"): a client
 * that lost its connection sends its unanswered requests again, with the same ids, after it resumed; one
 * that was applied gets its reply again instead of being applied twice. Opaque text to the room: signaling
 * writes and reads it. Bounded, so a client cannot make the server hold more. SFU thread only.
 */
public final class ReplyMemory {
    static final int CAPACITY = 64;

    private final Map<Long, String> byId = new LinkedHashMap<>(CAPACITY * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > CAPACITY;
        }
    };

    public Optional<String> replyTo(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    public void remember(long id, String reply) {
        byId.put(id, reply);
    }
}
