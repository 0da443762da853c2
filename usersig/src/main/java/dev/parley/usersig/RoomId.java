package dev.parley.usersig;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A TRTC room: numeric ({@code roomId}) or string ({@code strRoomId}). The two are different rooms
 * even when they look alike: {@code 1234} is not {@code "1234"}.
 */
public sealed interface RoomId permits RoomId.Numeric, RoomId.Text {

    /** Smallest numeric room id TRTC accepts. */
    long MIN_NUMERIC = 1;
    /** Largest numeric room id TRTC accepts (2^32 - 2). */
    long MAX_NUMERIC = 0xFFFF_FFFEL;
    /** Longest string room id TRTC accepts, in UTF-8 bytes. */
    int MAX_TEXT_BYTES = 64;

    /**
     * @param value 1 to 4294967294
     * @return the numeric room
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    static RoomId numeric(long value) {
        return new Numeric(value);
    }

    /**
     * @param value 1 to 64 UTF-8 bytes, no control characters
     * @return the string room
     * @throws IllegalArgumentException if {@code value} breaks that rule
     */
    static RoomId text(String value) {
        return new Text(value);
    }

    /** A numeric room id, 1 to 4294967294 (carried in a PrivateMapKey with {@code cVer} 0). */
    record Numeric(long value) implements RoomId {
        /** @throws IllegalArgumentException if {@code value} is out of range */
        public Numeric {
            if (value < MIN_NUMERIC || value > MAX_NUMERIC) {
                throw new IllegalArgumentException(
                        "numeric room id must be 1 to " + MAX_NUMERIC + ", was " + value);
            }
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A string room id, 1 to 64 UTF-8 bytes (carried in a PrivateMapKey with {@code cVer} 1). */
    record Text(String value) implements RoomId {
        /** @throws IllegalArgumentException if {@code value} breaks the rule above */
        public Text {
            Objects.requireNonNull(value, "value");
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (value.isEmpty() || bytes > MAX_TEXT_BYTES) {
                throw new IllegalArgumentException(
                        "string room id must be 1 to " + MAX_TEXT_BYTES + " UTF-8 bytes, was " + bytes);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                    throw new IllegalArgumentException(
                            "string room id contains a control character or unpaired surrogate at index " + i);
                }
            }
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }
}
