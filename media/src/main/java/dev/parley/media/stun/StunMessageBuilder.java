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
import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes a STUN message (RFC 8489 §5, §14). Attributes are written in call order, with zero padding;
 * MESSAGE-INTEGRITY and FINGERPRINT, whenever they are asked for, are appended last and in that order
 * (RFC 8489 §14.5, §14.7).
 *
 * <p>Reusable: {@link #reset} starts a new message in the same internal buffer, so an agent that keeps
 * one builder allocates only the bytes it returns (or nothing, with {@link #writeTo}). Not thread-safe.
 */
public final class StunMessageBuilder {
    /** Largest body the 16-bit length field can describe, rounded down to a multiple of 4. */
    private static final int MAX_BODY = 0xFFFC;

    private StunMessageType type;
    private TransactionId transactionId;
    private final byte[] xorKey = new byte[16];
    private byte[] body = new byte[128];
    private int bodyLength;
    private MessageIntegrity integrity;
    private MessageFingerprint fingerprint;
    private byte padding;

    public StunMessageBuilder(StunMessageType type, TransactionId transactionId) {
        reset(type, transactionId);
    }

    /** Forgets all attributes and starts a new message. */
    public StunMessageBuilder reset(StunMessageType type, TransactionId transactionId) {
        this.type = Objects.requireNonNull(type, "type");
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
        WireBytes.writeInt(xorKey, 0, StunMessage.MAGIC_COOKIE);
        transactionId.write(xorKey, 4);
        bodyLength = 0;
        integrity = null;
        fingerprint = null;
        padding = 0;
        return this;
    }

    /**
     * Padding byte for the attributes added after this call. RFC 8489 §14 says zero; RFC 5389 let it be
     * anything, and the RFC 5769 samples pad with spaces. For reproducing those samples only.
     */
    StunMessageBuilder padWith(byte value) {
        padding = value;
        return this;
    }

    public StunMessageBuilder username(String username) {
        return text(USERNAME, username);
    }

    public StunMessageBuilder software(String software) {
        return text(SOFTWARE, software);
    }

    public StunMessageBuilder realm(String realm) {
        return text(REALM, realm);
    }

    public StunMessageBuilder nonce(String nonce) {
        return text(NONCE, nonce);
    }

    /** PRIORITY (RFC 8445 §16.1), unsigned 32 bits. */
    public StunMessageBuilder priority(long priority) {
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("PRIORITY out of 32-bit range: " + priority);
        }
        int at = open(PRIORITY, 4);
        WireBytes.writeInt(body, at, (int) priority);
        return this;
    }

    public StunMessageBuilder useCandidate() {
        open(USE_CANDIDATE, 0);
        return this;
    }

    /** ICE-CONTROLLING with its 64-bit tie-breaker (RFC 8445 §16.1), unsigned in a long. */
    public StunMessageBuilder iceControlling(long tieBreaker) {
        WireBytes.writeLong(body, open(ICE_CONTROLLING, 8), tieBreaker);
        return this;
    }

    /** ICE-CONTROLLED with its 64-bit tie-breaker (RFC 8445 §16.1), unsigned in a long. */
    public StunMessageBuilder iceControlled(long tieBreaker) {
        WireBytes.writeLong(body, open(ICE_CONTROLLED, 8), tieBreaker);
        return this;
    }

    /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2) of a resolved IPv4 or IPv6 socket address. */
    public StunMessageBuilder xorMappedAddress(InetSocketAddress address) {
        int at = open(XOR_MAPPED_ADDRESS, MappedAddressCodec.valueLength(address));
        MappedAddressCodec.encode(address, true, xorKey, body, at);
        return this;
    }

    /** MAPPED-ADDRESS (RFC 8489 §14.1), for compatibility with RFC 3489 clients only. */
    public StunMessageBuilder mappedAddress(InetSocketAddress address) {
        int at = open(MAPPED_ADDRESS, MappedAddressCodec.valueLength(address));
        MappedAddressCodec.encode(address, false, xorKey, body, at);
        return this;
    }

    /** ERROR-CODE (RFC 8489 §14.8). */
    public StunMessageBuilder errorCode(StunErrorCode error) {
        byte[] reason = error.reason().getBytes(StandardCharsets.UTF_8);
        int at = open(ERROR_CODE, 4 + reason.length);
        body[at] = 0;
        body[at + 1] = 0;
        body[at + 2] = (byte) (error.code() / 100);
        body[at + 3] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, body, at + 4, reason.length);
        return this;
    }

    /** UNKNOWN-ATTRIBUTES (RFC 8489 §14.9), for a 420 response. */
    public StunMessageBuilder unknownAttributes(Iterable<Integer> types) {
        int count = 0;
        for (Integer ignored : types) {
            count++;
        }
        int at = open(UNKNOWN_ATTRIBUTES, 2 * count);
        for (int attrType : types) {
            WireBytes.writeShort(body, at, attrType);
            at += 2;
        }
        return this;
    }

    /**
     * Any other attribute, as raw bytes. MESSAGE-INTEGRITY and FINGERPRINT are refused: use
     * {@link #messageIntegrity} and {@link #fingerprint()}, which compute them.
     */
    public StunMessageBuilder attribute(StunAttribute attribute) {
        if (attribute.type() == MESSAGE_INTEGRITY || attribute.type() == FINGERPRINT) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY and FINGERPRINT are computed by the builder");
        }
        byte[] value = attribute.value();
        System.arraycopy(value, 0, body, open(attribute.type(), value.length), value.length);
        return this;
    }

    /** Appends MESSAGE-INTEGRITY, computed with this key, after all other attributes (RFC 8489 §14.5). */
    public StunMessageBuilder messageIntegrity(MessageIntegrity key) {
        integrity = Objects.requireNonNull(key, "key");
        return this;
    }

    /** Appends FINGERPRINT as the very last attribute (RFC 8489 §14.7). */
    public StunMessageBuilder fingerprint() {
        return fingerprint(new MessageFingerprint());
    }

    /** Same as {@link #fingerprint()}, with a reusable calculator. */
    public StunMessageBuilder fingerprint(MessageFingerprint calculator) {
        fingerprint = Objects.requireNonNull(calculator, "calculator");
        return this;
    }

    public int encodedLength() {
        return StunMessage.HEADER_LENGTH + bodyLength + (integrity != null ? 4 + MessageIntegrity.LENGTH : 0)
                + (fingerprint != null ? 8 : 0);
    }

    /**
     * Writes the message at {@code off} and returns its length.
     *
     * @throws IllegalArgumentException if {@link #encodedLength()} bytes do not fit there
     */
    public int writeTo(byte[] out, int off) {
        int size = encodedLength();
        if (off < 0 || size > out.length - off) {
            throw new IllegalArgumentException("STUN message of " + size + " bytes does not fit at " + off);
        }
        WireBytes.writeShort(out, off, type.toWire());
        WireBytes.writeShort(out, off + 2, size - StunMessage.HEADER_LENGTH);
        System.arraycopy(xorKey, 0, out, off + 4, 16); // magic cookie and transaction id
        System.arraycopy(body, 0, out, off + StunMessage.HEADER_LENGTH, bodyLength);
        int pos = off + StunMessage.HEADER_LENGTH + bodyLength;
        if (integrity != null) {
            WireBytes.writeShort(out, pos, MESSAGE_INTEGRITY);
            WireBytes.writeShort(out, pos + 2, MessageIntegrity.LENGTH);
            integrity.sign(out, off, pos);
            pos += 4 + MessageIntegrity.LENGTH;
        }
        if (fingerprint != null) {
            WireBytes.writeShort(out, pos, FINGERPRINT);
            WireBytes.writeShort(out, pos + 2, 4);
            fingerprint.sign(out, off, pos);
        }
        return size;
    }

    public byte[] build() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    private StunMessageBuilder text(int attrType, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, body, open(attrType, bytes.length), bytes.length);
        return this;
    }

    /** Writes an attribute header and its padding; returns the offset of the value in {@link #body}. */
    private int open(int attrType, int valueLength) {
        int size = 4 + StunFraming.padded(valueLength);
        if (valueLength > 0xFFFF || size > MAX_BODY - 32 - bodyLength) {
            throw new IllegalStateException("STUN message would exceed its 16-bit length field");
        }
        if (bodyLength + size > body.length) {
            body = Arrays.copyOf(body, Math.max(2 * body.length, bodyLength + size));
        }
        WireBytes.writeShort(body, bodyLength, attrType);
        WireBytes.writeShort(body, bodyLength + 2, valueLength);
        Arrays.fill(body, bodyLength + 4 + valueLength, bodyLength + size, padding);
        int valueAt = bodyLength + 4;
        bodyLength += size;
        return valueAt;
    }
}
