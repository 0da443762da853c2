package dev.parley.media.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The value of MAPPED-ADDRESS (RFC 8489 §14.1) and XOR-MAPPED-ADDRESS (§14.2): a reserved byte, the
 * family (1 IPv4, 2 IPv6), the port and the address; the XOR form masks the port with the top 16 bits
 * of the magic cookie and the address with the cookie (IPv4) or the cookie followed by the transaction
 * id (IPv6).
 */
final class MappedAddressCodec {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;
    static final int IPV4_VALUE_LENGTH = 8;
    static final int IPV6_VALUE_LENGTH = 20;

    private MappedAddressCodec() {
    }

    static void validate(byte[] buf, int valueOffset, int valueLength, String name) throws StunParseException {
        if (valueLength < 4) {
            throw new StunParseException(name + " value of " + valueLength + " bytes is too short");
        }
        int family = buf[valueOffset + 1] & 0xFF;
        if (family == FAMILY_IPV4 && valueLength == IPV4_VALUE_LENGTH) {
            return;
        }
        if (family == FAMILY_IPV6 && valueLength == IPV6_VALUE_LENGTH) {
            return;
        }
        throw new StunParseException(name + " with family " + family + " has " + valueLength + " bytes");
    }

    /**
     * Decodes a validated value. For the XOR form the mask is read from the message header: the magic
     * cookie and the transaction id are the 16 bytes after the first header word (RFC 8489 §14.2).
     */
    static InetSocketAddress decode(byte[] buf, int valueOffset, boolean xor, int messageOffset) {
        boolean ipv4 = (buf[valueOffset + 1] & 0xFF) == FAMILY_IPV4;
        int port = WireBytes.readShort(buf, valueOffset + 2);
        if (xor) {
            port ^= StunMessage.MAGIC_COOKIE >>> 16;
        }
        byte[] address = new byte[ipv4 ? 4 : 16];
        for (int i = 0; i < address.length; i++) {
            byte mask = xor ? buf[messageOffset + 4 + i] : 0;
            address[i] = (byte) (buf[valueOffset + 4 + i] ^ mask);
        }
        try {
            // A raw address of 4 or 16 bytes: no name lookup happens.
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + address.length + " bytes", e);
        }
    }

    static int valueLength(InetSocketAddress address) {
        return rawAddress(address).length == 4 ? IPV4_VALUE_LENGTH : IPV6_VALUE_LENGTH;
    }

    /** Writes the value at {@code valueOffset}; {@code xorKey} holds the cookie and transaction id (16 bytes). */
    static void encode(InetSocketAddress address, boolean xor, byte[] xorKey, byte[] out, int valueOffset) {
        byte[] raw = rawAddress(address);
        int port = address.getPort();
        out[valueOffset] = 0;
        out[valueOffset + 1] = (byte) (raw.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        WireBytes.writeShort(out, valueOffset + 2, xor ? port ^ (StunMessage.MAGIC_COOKIE >>> 16) : port);
        for (int i = 0; i < raw.length; i++) {
            out[valueOffset + 4 + i] = (byte) (raw[i] ^ (xor ? xorKey[i] : 0));
        }
    }

    private static byte[] rawAddress(InetSocketAddress address) {
        InetAddress inet = address.getAddress();
        if (!(inet instanceof Inet4Address) && !(inet instanceof Inet6Address)) {
            throw new IllegalArgumentException("not a resolved IP socket address: " + address);
        }
        return inet.getAddress();
    }
}
