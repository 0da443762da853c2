package dev.parley.server.room;

/** TRTC's stream types: the camera stream and the screen-share ("auxiliary") stream. */
public enum StreamType {
    MAIN("main"),
    AUXILIARY("auxiliary");

    private final String wire;

    StreamType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static StreamType fromWire(String s) {
        for (StreamType t : values()) {
            if (t.wire.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
