package dev.parley.server.signal;

import org.slf4j.MDC;

/**
 * The app, room and user a log line is about, in SLF4J's MDC ({@code sdkAppId}, {@code roomId},
 * {@code userId}) while a participant's work runs on a shared thread; the JSON log format writes them with
 * every line (docs/OPERATIONS.md). Closing clears them.
 */
public final class LogContext implements AutoCloseable {
    private static final LogContext NONE = new LogContext();

    private LogContext() {
    }

    public static LogContext of(long sdkAppId, Object roomId, String userId) {
        MDC.put("sdkAppId", Long.toString(sdkAppId));
        MDC.put("roomId", String.valueOf(roomId));
        if (userId != null) {
            MDC.put("userId", userId);
        }
        return NONE;
    }

    @Override
    public void close() {
        MDC.remove("sdkAppId");
        MDC.remove("roomId");
        MDC.remove("userId");
    }
}
