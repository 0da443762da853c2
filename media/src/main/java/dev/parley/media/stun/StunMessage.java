package dev.parley.media.stun;

import static dev.parley.media.stun.StunAttributeType.ERROR_CODE;
import static dev.parley.media.stun.StunAttributeType.FINGERPRINT;
import static dev.parley.media.stun.StunAttributeType.ICE_CONTROLLED;
import static dev.parley.media.stun.StunAttributeType.ICE_CONTROLLING;
import static dev.parley.media.stun.StunAttributeType.MAPPED_ADDRESS;
import static dev.parley.media.stun.StunAttributeType.MESSAGE_INTEGRITY;
import static dev.parley.media.stun.StunAttributeType.NONCE;
import static dev.parley.media.stun.StunAttributeType.PRIORITY;
import static dev.parley.media.stun.StunAttributeType.REALM;
import static dev.parley.media.stun.StunAttributeType.SOFTWARE;
import static dev.parley.media.stun.StunAttributeType.UNKNOWN_ATTRIBUTES;
import static dev.parley.media.stun.StunAttributeType.USERNAME;
import static dev.parley.media.stun.StunAttributeType.USE_CANDIDATE;
import static dev.parley.media.stun.StunAttributeType.XOR_MAPPED_ADDRESS;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed STUN message (RFC 8489 §5, §14): a view over the datagram it was parsed from, plus an index
 * of its attributes. Parsing validates the header and every attribute this package knows, so the typed
 * getters never fail; values are decoded only when asked for.
 *
 * <p>The message does not copy the datagram: it stays valid while the caller leaves the buffer alone.
 * Keep {@link #toByteArray()} if the message must outlive the buffer. Not thread-safe to share while
 * the buffer is being reused.
 *
 * <p>Attribute rules (RFC 8489 §14): the first of repeated attributes is the one the getters return;
 * attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§14.5) and not indexed;
 * FINGERPRINT must be the last attribute (§14.7); unknown comprehension-optional attributes are kept
 * in the index and otherwise skipped; unknown comprehension-required ones are listed by
 * {@link #unknownComprehensionRequired()} so that a server can answer 420.
 */
// Over ~400 lines on purpose: one wire message (RFC 8489 §5) with its parse, its build and its integrity
// checks; splitting them would put the rules of one format in several files.
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    /** RFC 8489 §5. */
    public static final int MAGIC_COOKIE = 0x2112A442;

    private final byte[] buf;
    private final int offset;
    private final StunMessageType type;
    private final TransactionId transactionId;
    /** Two ints per attribute: {@code type << 16 | valueLength}, then the absolute value offset. */
    private final int[] index;
    private final int attributeCount;
    private final int integrityOffset;
    private final int fingerprintOffset;

    private StunMessage(byte[] buf, int offset, int[] index, int attributeCount,
                        int integrityOffset, int fingerprintOffset) {
        this.buf = buf;
        this.offset = offset;
        this.type = StunMessageType.fromWire(WireBytes.readShort(buf, offset));
        this.transactionId = TransactionId.read(buf, offset + 8);
        this.index = index;
        this.attributeCount = attributeCount;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
    }

    /**
     * Demultiplexing test for a shared port (RFC 7983 §7: first byte 0..3, where DTLS starts at 20 and
     * RTP/RTCP at 128; RFC 8489 §5: magic cookie). Does not allocate and never throws for an in-range slice.
     */
    public static boolean looksLikeStun(byte[] buf, int off, int len) {
        return len >= HEADER_LENGTH && (buf[off] & 0xFC) == 0 && WireBytes.readInt(buf, off + 4) == MAGIC_COOKIE;
    }

    /**
     * Parses one STUN message that fills the slice exactly (a UDP datagram).
     *
     * @throws StunParseException if the slice is shorter than a header, the first two bits are not zero,
     *     the magic cookie is missing, the length field is not a multiple of 4 or does not match the
     *     slice, an attribute (with its padding) overruns the message, an attribute follows FINGERPRINT,
     *     or a known attribute has an invalid value. Nothing is allocated in proportion to a length
     *     field: every length is checked against the bytes present first.
     * @throws IndexOutOfBoundsException if the slice is not within {@code buf} (a caller bug)
     */
    public static StunMessage parse(byte[] buf, int off, int len) throws StunParseException {
        Objects.checkFromIndexSize(off, len, buf.length);
        StunFraming.checkHeader(buf, off, len);
        int end = off + len;
        int[] index = new int[2 * StunFraming.countAttributes(buf, off + HEADER_LENGTH, end)];
        int count = 0;
        int integrity = -1;
        int fingerprint = -1;
        int next;
        for (int pos = off + HEADER_LENGTH; pos < end; pos = next) {
            int attrType = WireBytes.readShort(buf, pos);
            int attrLength = WireBytes.readShort(buf, pos + 2);
            next = pos + 4 + StunFraming.padded(attrLength);
            if (fingerprint >= 0) {
                throw new StunParseException("attribute 0x" + Integer.toHexString(attrType)
                        + " follows FINGERPRINT, which must be last (RFC 8489 §14.7)");
            }
            if (attrType == FINGERPRINT) {
                expectLength(attrLength, 4, "FINGERPRINT");
                fingerprint = pos;
            } else if (integrity >= 0) {
                continue; // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY are ignored
            } else {
                AttributeValidation.validate(buf, attrType, pos + 4, attrLength);
                if (attrType == MESSAGE_INTEGRITY) {
                    integrity = pos;
                }
            }
            index[2 * count] = attrType << 16 | attrLength;
            index[2 * count + 1] = pos + 4;
            count++;
        }
        return new StunMessage(buf, off, index, count, integrity, fingerprint);
    }

    private static void expectLength(int actual, int expected, String name) throws StunParseException {
        if (actual != expected) {
            throw new StunParseException(name + " must have " + expected + " bytes, has " + actual);
        }
    }

    /**
     * The USERNAME of a STUN message without parsing it fully (for routing the first datagram from an
     * unknown address). Empty if the slice is not a STUN message of consistent length, has no USERNAME
     * before MESSAGE-INTEGRITY, or an attribute header overruns it. Never throws for an in-range slice.
     */
    public static Optional<String> peekUsername(byte[] buf, int off, int len) {
        int at = StunFraming.findUsername(buf, off, len);
        if (at < 0) {
            return Optional.empty();
        }
        return Optional.of(new String(buf, at + 4, WireBytes.readShort(buf, at + 2), StandardCharsets.UTF_8));
    }

    /**
     * The local ICE ufrag a connectivity check is addressed to: the part of USERNAME before the first ':'
     * (RFC 8445 §7.2.2, USERNAME is "receiver-ufrag:sender-ufrag"). Empty when {@link #peekUsername}
     * would be, or when USERNAME has no ':'. Allocates only the returned string.
     */
    public static Optional<String> peekLocalUfrag(byte[] buf, int off, int len) {
        int at = StunFraming.findUsername(buf, off, len);
        if (at < 0) {
            return Optional.empty();
        }
        int valueStart = at + 4;
        int valueEnd = valueStart + WireBytes.readShort(buf, at + 2);
        for (int i = valueStart; i < valueEnd; i++) {
            if (buf[i] == ':') {
                return Optional.of(new String(buf, valueStart, i - valueStart, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    public StunMessageType type() {
        return type;
    }

    public TransactionId transactionId() {
        return transactionId;
    }

    /** Number of indexed attributes (those after MESSAGE-INTEGRITY other than FINGERPRINT are not). */
    public int attributeCount() {
        return attributeCount;
    }

    /** The indexed attributes in wire order, copied. */
    public List<StunAttribute> attributes() {
        List<StunAttribute> list = new ArrayList<>(attributeCount);
        for (int i = 0; i < attributeCount; i++) {
            list.add(attributeAt(i));
        }
        return List.copyOf(list);
    }

    /** The first attribute of that type, copied. */
    public Optional<StunAttribute> attribute(int attributeType) {
        int i = indexOf(attributeType);
        return i < 0 ? Optional.empty() : Optional.of(attributeAt(i));
    }

    public Optional<String> username() {
        return string(USERNAME);
    }

    public Optional<String> software() {
        return string(SOFTWARE);
    }

    public Optional<String> realm() {
        return string(REALM);
    }

    public Optional<String> nonce() {
        return string(NONCE);
    }

    /** PRIORITY (RFC 8445 §16.1), an unsigned 32-bit number. */
    public OptionalLong priority() {
        int i = indexOf(PRIORITY);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(WireBytes.readInt(buf, valueOffset(i)) & 0xFFFF_FFFFL);
    }

    /** USE-CANDIDATE (RFC 8445 §16.1). */
    public boolean useCandidate() {
        return indexOf(USE_CANDIDATE) >= 0;
    }

    /** The tie-breaker of ICE-CONTROLLING (RFC 8445 §16.1), an unsigned 64-bit number held in a long. */
    public OptionalLong iceControlling() {
        return longValue(ICE_CONTROLLING);
    }

    /** The tie-breaker of ICE-CONTROLLED (RFC 8445 §16.1), an unsigned 64-bit number held in a long. */
    public OptionalLong iceControlled() {
        return longValue(ICE_CONTROLLED);
    }

    /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2), unmasked. */
    public Optional<InetSocketAddress> xorMappedAddress() {
        int i = indexOf(XOR_MAPPED_ADDRESS);
        return i < 0 ? Optional.empty() : Optional.of(MappedAddressCodec.decode(buf, valueOffset(i), true, offset));
    }

    /** MAPPED-ADDRESS (RFC 8489 §14.1), as old servers send it. */
    public Optional<InetSocketAddress> mappedAddress() {
        int i = indexOf(MAPPED_ADDRESS);
        return i < 0 ? Optional.empty() : Optional.of(MappedAddressCodec.decode(buf, valueOffset(i), false, offset));
    }

    /** ERROR-CODE (RFC 8489 §14.8). */
    public Optional<StunErrorCode> errorCode() {
        int i = indexOf(ERROR_CODE);
        if (i < 0) {
            return Optional.empty();
        }
        int at = valueOffset(i);
        int code = (buf[at + 2] & 0x07) * 100 + (buf[at + 3] & 0xFF);
        String reason = new String(buf, at + 4, valueLength(i) - 4, StandardCharsets.UTF_8);
        return Optional.of(new StunErrorCode(code, reason));
    }

    /** The attribute types listed in UNKNOWN-ATTRIBUTES (RFC 8489 §14.9) of a 420 response. */
    public List<Integer> unknownAttributes() {
        int i = indexOf(UNKNOWN_ATTRIBUTES);
        if (i < 0) {
            return List.of();
        }
        List<Integer> types = new ArrayList<>(valueLength(i) / 2);
        for (int at = valueOffset(i); at < valueOffset(i) + valueLength(i); at += 2) {
            types.add(WireBytes.readShort(buf, at));
        }
        return List.copyOf(types);
    }

    /**
     * The comprehension-required attribute types (0x0000-0x7FFF) of this message that this package does
     * not understand, without repeats, in wire order. Non-empty means a server must answer 420 with
     * these in UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1).
     */
    public List<Integer> unknownComprehensionRequired() {
        List<Integer> unknown = List.of();
        for (int i = 0; i < attributeCount; i++) {
            int attrType = typeAt(i);
            if (StunAttributeType.isComprehensionRequired(attrType) && !StunAttributeType.isKnown(attrType)) {
                if (unknown.isEmpty()) {
                    unknown = new ArrayList<>();
                }
                if (!unknown.contains(attrType)) {
                    unknown.add(attrType);
                }
            }
        }
        return List.copyOf(unknown);
    }

    public boolean hasMessageIntegrity() {
        return integrityOffset >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /** Checks MESSAGE-INTEGRITY with that key (RFC 8489 §14.5); false if the message has none. */
    public boolean verifyMessageIntegrity(MessageIntegrity key) {
        return integrityOffset >= 0 && key.verify(buf, offset, integrityOffset);
    }

    /** Checks FINGERPRINT (RFC 8489 §14.7) with a reusable calculator; false if the message has none. */
    public boolean verifyFingerprint(MessageFingerprint calculator) {
        return fingerprintOffset >= 0 && calculator.verify(buf, offset, fingerprintOffset);
    }

    /** Checks FINGERPRINT (RFC 8489 §14.7); false if the message has none. */
    public boolean verifyFingerprint() {
        return verifyFingerprint(new MessageFingerprint());
    }

    /** Size of {@link #toByteArray()}: the header and the indexed attributes with their padding. */
    public int encodedLength() {
        int size = HEADER_LENGTH;
        for (int i = 0; i < attributeCount; i++) {
            size += 4 + StunFraming.padded(valueLength(i));
        }
        return size;
    }

    /**
     * The message re-serialised: header and indexed attributes, padding zeroed, length recomputed. Equal
     * to the parsed bytes when they had zero padding and nothing ignored after MESSAGE-INTEGRITY.
     */
    public byte[] toByteArray() {
        byte[] out = new byte[encodedLength()];
        WireBytes.writeShort(out, 0, type.toWire());
        WireBytes.writeShort(out, 2, out.length - HEADER_LENGTH);
        WireBytes.writeInt(out, 4, MAGIC_COOKIE);
        transactionId.write(out, 8);
        int pos = HEADER_LENGTH;
        for (int i = 0; i < attributeCount; i++) {
            WireBytes.writeShort(out, pos, typeAt(i));
            WireBytes.writeShort(out, pos + 2, valueLength(i));
            System.arraycopy(buf, valueOffset(i), out, pos + 4, valueLength(i));
            pos += 4 + StunFraming.padded(valueLength(i));
        }
        return out;
    }

    /** Same type, transaction id, and indexed attributes (types and value bytes, in order). */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof StunMessage that) || !type.equals(that.type)
                || !transactionId.equals(that.transactionId) || attributeCount != that.attributeCount) {
            return false;
        }
        for (int i = 0; i < attributeCount; i++) {
            if (index[2 * i] != that.index[2 * i]
                    || !Arrays.equals(buf, valueOffset(i), valueOffset(i) + valueLength(i),
                            that.buf, that.valueOffset(i), that.valueOffset(i) + that.valueLength(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 31 * type.hashCode() + transactionId.hashCode();
        for (int i = 0; i < attributeCount; i++) {
            hash = 31 * hash + index[2 * i];
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StunMessage[").append(type).append(", tx ").append(transactionId);
        for (int i = 0; i < attributeCount; i++) {
            text.append(String.format(", 0x%04x/%d", typeAt(i), valueLength(i)));
        }
        return text.append(']').toString();
    }

    int indexOf(int attributeType) {
        for (int i = 0; i < attributeCount; i++) {
            if (typeAt(i) == attributeType) {
                return i;
            }
        }
        return -1;
    }

    int typeAt(int i) {
        return index[2 * i] >>> 16;
    }

    int valueLength(int i) {
        return index[2 * i] & 0xFFFF;
    }

    int valueOffset(int i) {
        return index[2 * i + 1];
    }

    byte[] buffer() {
        return buf;
    }

    private StunAttribute attributeAt(int i) {
        byte[] value = new byte[valueLength(i)];
        System.arraycopy(buf, valueOffset(i), value, 0, value.length);
        return new StunAttribute(typeAt(i), value);
    }

    private Optional<String> string(int attributeType) {
        int i = indexOf(attributeType);
        return i < 0 ? Optional.empty()
                : Optional.of(new String(buf, valueOffset(i), valueLength(i), StandardCharsets.UTF_8));
    }

    private OptionalLong longValue(int attributeType) {
        int i = indexOf(attributeType);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(WireBytes.readLong(buf, valueOffset(i)));
    }
}
