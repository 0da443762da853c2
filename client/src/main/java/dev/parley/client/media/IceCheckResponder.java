package dev.parley.client.media;

import dev.parley.media.stun.MessageFingerprint;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageBuilder;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.stun.TransactionId;
import dev.parley.media.stun.IceCredentials;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Answers the connectivity checks a full ICE agent sends us (RFC 8445 §7.3): an ICE-lite server such as
 * Parley never checks, but a full one (Janus, or a lite one whose library checks anyway) does, and
 * nominates the pair only once we answer. A Binding request whose USERNAME starts with our ufrag and
 * whose MESSAGE-INTEGRITY holds with our password gets a success response with XOR-MAPPED-ADDRESS
 * (RFC 8489 §14.2); anything else gets nothing.
 */
final class IceCheckResponder {
    private final String usernamePrefix;
    private final MessageIntegrity integrity;
    private final MessageFingerprint fingerprint = new MessageFingerprint();
    private final StunMessageBuilder builder;

    IceCheckResponder(IceCredentials local) {
        this.usernamePrefix = local.ufrag() + ":";
        this.integrity = local.messageIntegrity();
        this.builder = new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, TransactionId.of(new byte[12]));
    }

    /** The response to send back to {@code from}, if the datagram is a check meant for us. */
    Optional<byte[]> respond(byte[] buf, int off, int len, InetSocketAddress from) {
        StunMessage request;
        try {
            request = StunMessage.parse(buf, off, len);
        } catch (StunParseException e) {
            return Optional.empty();
        }
        if (!request.type().equals(StunMessageType.BINDING_REQUEST) || !request.hasMessageIntegrity()) {
            return Optional.empty();
        }
        // RFC 8445 §7.3: USERNAME is "ourUfrag:theirUfrag"
        String username = request.username().orElse("");
        if (!username.startsWith(usernamePrefix) || username.length() == usernamePrefix.length()
                || !request.verifyMessageIntegrity(integrity)) {
            return Optional.empty();
        }
        return Optional.of(builder.reset(StunMessageType.BINDING_SUCCESS, request.transactionId())
                .xorMappedAddress(from).messageIntegrity(integrity).fingerprint(fingerprint).build());
    }
}
