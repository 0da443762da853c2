package dev.parley.server.room;

import dev.parley.server.room.RoomException.Reason;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a participant outlives its signaling connection (docs/PROTOCOL.md "Resume"): its resume token, its
 * detach when the connection drops, the end of its reconnection grace, and its takeover by a new connection.
 * Owned by {@link Rooms} and used on the SFU thread only, as everything in Rooms is, so its map needs no lock.
 */
final class Reconnections {
    // Rooms' logger: the log lines, and any filter on their logger name, stay as they were before the split.
    private static final Logger log = LoggerFactory.getLogger(Rooms.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Participants by resume token (docs/PROTOCOL.md "Resume"). */
    private final Map<String, Participant> byResumeToken = new HashMap<>();

    /** 256 random bits, URL-safe: a resume token cannot be guessed (and is never logged). */
    static String newResumeToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** From now on a connection presenting {@code p}'s token may take it over. */
    void admit(Participant p) {
        byResumeToken.put(p.resumeToken(), p);
    }

    /** {@code p} left its room: its token resumes nothing any more. */
    void forget(Participant p) {
        byResumeToken.remove(p.resumeToken());
    }

    long detach(Participant p, String why) {
        p.attach(null);
        log.info("user {} in room {} lost its signaling connection ({}); kept for a resume", p.userId(),
                p.room().id(), why);
        return p.attachment();
    }

    /** Whether {@code p} is still away, and not resumed since the detach that returned {@code attachment}. */
    static boolean graceOver(Participant p, long attachment) {
        return !p.left() && p.detached() && p.attachment() == attachment;
    }

    Participant resume(String token, String userId, PeerEvents events) throws RoomException {
        Participant p = byResumeToken.get(token);
        if (p == null || p.left() || !p.userId().equals(userId)) {
            throw new RoomException(Reason.NOT_ALLOWED, "no session to resume (it ended, or the server restarted):"
                    + " join again", Map.of("reason", "session-unknown"));
        }
        PeerEvents previous = p.events();
        p.attach(events);
        if (previous != PeerEvents.NOWHERE) {
            previous.superseded();
        }
        log.info("user {} resumed its session in room {}", userId, p.room().id());
        return p;
    }
}
