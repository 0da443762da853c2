package dev.parley.media.rtp;

import java.util.HexFormat;

/** Test vectors written as hex, whitespace allowed. Shared by the rtp, rtcp and codec tests. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    public static String string(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
