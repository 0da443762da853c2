package dev.parley.client;

/**
 * A failure of a client call, with the TRTC error code and name the server (docs/PROTOCOL.md "Error
 * codes") or the client gave it, and a message that says what to fix.
 */
public class ParleyException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Client-side codes, TRTC Web SDK v4's where one fits. */
    public static final int INVALID_PARAMETER = 0x1000;
    public static final int INVALID_OPERATION = 0x1001;
    public static final int SIGNAL_CHANNEL_SETUP_FAILED = 0x4001;
    public static final int SIGNAL_CHANNEL_ERROR = 0x4002;
    public static final int ICE_TRANSPORT_ERROR = 0x4003;
    public static final int SERVER_TIMEOUT = 0x4041;

    private final int code;
    private final String name;

    public ParleyException(int code, String name, String message) {
        super(name + " (" + code + "): " + message);
        this.code = code;
        this.name = name;
    }

    public ParleyException(int code, String name, String message, Throwable cause) {
        super(name + " (" + code + "): " + message, cause);
        this.code = code;
        this.name = name;
    }

    /** The TRTC error code, e.g. 16388 (0x4004) for {@code JOIN_ROOM_FAILED}. */
    public int code() {
        return code;
    }

    /** The TRTC error name, e.g. {@code JOIN_ROOM_FAILED}. */
    public String name() {
        return name;
    }
}
