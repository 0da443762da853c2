package dev.parley.server.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.parley.server.auth.JoinAuthenticator;
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
 * @param continuity the reconnection grace, the drain state, the server's identity
 */
public record SignalContext(ObjectMapper json, Rooms sfu, Executor sfuThread, Executor offThread,
                            JoinAuthenticator authenticator, AddressLimiter addresses, ServerLimits limits,
                            long heartbeatIntervalMs, LongSupplier nanos, Continuity continuity) {

    /** Signaling without reconnection or drain ({@link Continuity#NONE}). */
    public SignalContext(ObjectMapper json, Rooms sfu, Executor sfuThread, Executor offThread,
                         JoinAuthenticator authenticator, AddressLimiter addresses, ServerLimits limits,
                         long heartbeatIntervalMs, LongSupplier nanos) {
        this(json, sfu, sfuThread, offThread, authenticator, addresses, limits, heartbeatIntervalMs, nanos,
                Continuity.NONE);
    }

    ObjectReader requestReader() {
        return RequestFrame.reader(json);
    }
}
