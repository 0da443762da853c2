package dev.parley.server.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.parley.server.auth.JoinAuthenticator;
import dev.parley.server.auth.TurnCredentials;
import java.util.Optional;
import dev.parley.server.config.ServerLimits;
import dev.parley.server.room.Rooms;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * What every signaling session shares: the SFU and its thread, the executor that does the costly part of
 * requests (UserSig verification, SDP parsing) off that thread, the authenticator, the per-address
 * limiter and the limits.
 *
 * @param offThread bounded executor; a full queue refuses work (the request gets a "busy" error)
 * @param nanos the clock of every rate limit (injectable for tests)
 * @param listener told of every answered request, refused UserSig and limit hit (metrics)
 * @param turn TURN credentials handed out at join, when TURN servers are configured
 * @param continuity the reconnection grace, the drain state, the server's identity
 */
public record SignalContext(ObjectMapper json, Rooms sfu, Executor sfuThread, Executor offThread,
                            JoinAuthenticator authenticator, AddressLimiter addresses, ServerLimits limits,
                            long heartbeatIntervalMs, LongSupplier nanos, SignalListener listener,
                            Optional<TurnCredentials> turn, Continuity continuity) {

    /** A context nobody watches, without TURN, reconnection or drain (tests). */
    public SignalContext(ObjectMapper json, Rooms sfu, Executor sfuThread, Executor offThread,
                         JoinAuthenticator authenticator, AddressLimiter addresses, ServerLimits limits,
                         long heartbeatIntervalMs, LongSupplier nanos) {
        this(json, sfu, sfuThread, offThread, authenticator, addresses, limits, heartbeatIntervalMs, nanos,
                SignalListener.NONE, Optional.empty(), Continuity.NONE);
    }

    ObjectReader requestReader() {
        return RequestFrame.reader(json);
    }
}
