package dev.parley.server.signal;

/** The error codes of the signaling protocol: TRTC Web SDK v4's, so pages keep their error handling. */
public enum ErrorCode {
    INVALID_PARAMETER(0x1000),
    INVALID_OPERATION(0x1001),
    JOIN_ROOM_FAILED(0x4004),
    /** An event, not a response: a publisher's media connection was lost. */
    UPLINK_RECONNECTION_FAILED(0x4007),
    /** An event, not a response: a subscriber's media connection was lost. */
    DOWNLINK_RECONNECTION_FAILED(0x4008),
    REMOTE_STREAM_NOT_EXIST(0x4010),
    SERVER_ERROR(0xFFFF);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
