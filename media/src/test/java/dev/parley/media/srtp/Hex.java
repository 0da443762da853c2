package dev.parley.media.srtp;

import java.util.HexFormat;

/** Hex for test vectors typed as in the RFCs: whitespace between groups is ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String string(byte[] bytes, int off, int len) {
        return HexFormat.of().formatHex(bytes, off, off + len);
    }
}
