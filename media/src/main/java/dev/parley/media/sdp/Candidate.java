package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RFC 8839 §5.1 {@code a=candidate:<foundation> <component> <transport> <priority> <address> <port>
 * typ <type> [raddr <address>] [rport <port>] *(<name> <value>)}, with RFC 6544 §4.5 {@code tcptype}.
 *
 * <p>Extension pairs the model has no field for ({@code generation}, {@code ufrag}, {@code network-id},
 * {@code network-cost}...) are kept in order in {@link #extensions()}; accessors read the common ones.
 *
 * @param transport as written ({@code udp}, {@code UDP}, {@code tcp}); see {@link #isUdp()}
 * @param priority RFC 8445 §5.1.2, an unsigned 32-bit number
 * @param address an IP address or, for obfuscated host candidates, an mDNS {@code .local} name
 * @param tcpType {@code active}, {@code passive} or {@code so} for TCP candidates
 */
public record Candidate(String foundation, int component, String transport, long priority, String address,
        int port, CandidateType type, Optional<String> relatedAddress, OptionalInt relatedPort,
        Optional<String> tcpType, List<Extension> extensions) {

    /** One {@code <name> <value>} pair after the fields the model knows. */
    public record Extension(String name, String value) {
    }

    public Candidate {
        extensions = List.copyOf(extensions);
    }

    /** A host candidate for RTP (component 1) over UDP, as an ICE-lite server announces it (RFC 8445 §5.1.1.1). */
    public static Candidate udpHost(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "udp", priority, address, port, CandidateType.HOST, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), List.of());
    }

    /** A passive TCP host candidate (RFC 6544 §4.5: the server only accepts connections). */
    public static Candidate tcpPassiveHost(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "tcp", priority, address, port, CandidateType.HOST, Optional.empty(),
                OptionalInt.empty(), Optional.of("passive"), List.of());
    }

    /** The same candidate with an extension pair appended, e.g. {@code generation 0}. */
    public Candidate withExtension(String name, String value) {
        List<Extension> more = new ArrayList<>(extensions);
        more.add(new Extension(name, value));
        return new Candidate(foundation, component, transport, priority, address, port, type, relatedAddress,
                relatedPort, tcpType, more);
    }

    public boolean isUdp() {
        return transport.equalsIgnoreCase("udp");
    }

    public boolean isTcp() {
        return transport.equalsIgnoreCase("tcp");
    }

    public Optional<String> extension(String name) {
        for (Extension e : extensions) {
            if (e.name().equals(name)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    /** Chrome's {@code ufrag} extension: which ICE generation this candidate belongs to. */
    public Optional<String> ufrag() {
        return extension("ufrag");
    }

    public OptionalInt generation() {
        return number("generation");
    }

    public OptionalInt networkId() {
        return number("network-id");
    }

    private OptionalInt number(String name) {
        Optional<String> v = extension(name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(SdpSyntax.unsignedInt(v.get(), Integer.MAX_VALUE, name));
        } catch (SdpParseException e) {
            return OptionalInt.empty();
        }
    }

    /** The attribute value, without {@code candidate:} (as it follows {@code a=candidate:}). */
    public String attributeValue() {
        StringBuilder b = new StringBuilder(96).append(foundation).append(' ').append(component).append(' ')
                .append(transport).append(' ').append(priority).append(' ').append(address).append(' ')
                .append(port).append(" typ ").append(type.sdpName());
        relatedAddress.ifPresent(a -> b.append(" raddr ").append(a));
        relatedPort.ifPresent(p -> b.append(" rport ").append(p));
        tcpType.ifPresent(t -> b.append(" tcptype ").append(t));
        for (Extension e : extensions) {
            b.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return b.toString();
    }

    /** The {@code candidate:...} string of an RTCIceCandidate (trickle ICE, RFC 8838 §4). */
    public String toCandidateString() {
        return "candidate:" + attributeValue();
    }

    /**
     * Parses a candidate as found after {@code a=} or in an RTCIceCandidate's {@code candidate} field,
     * with or without the {@code candidate:} prefix.
     *
     * @throws SdpParseException when a field is missing, a number is malformed or out of range, or the
     *     type is not one of RFC 8445's four
     */
    public static Candidate parse(String text) throws SdpParseException {
        String value = SdpSyntax.strip(text);
        return parseAttributeValue(value.startsWith("candidate:") ? value.substring("candidate:".length()) : value);
    }

    /** Parses exactly what follows {@code a=candidate:}, where a foundation may itself start with "candidate:". */
    static Candidate parseAttributeValue(String value) throws SdpParseException {
        List<String> w = SdpSyntax.words(value);
        if (w.size() < 8) {
            throw new SdpParseException("candidate has too few fields (" + w.size() + " of at least 8)");
        }
        if (!w.get(6).equals("typ")) {
            throw new SdpParseException("candidate's 7th field must be 'typ', found '" + w.get(6) + "'");
        }
        if ((w.size() - 8) % 2 != 0) {
            throw new SdpParseException("candidate extension '" + w.get(w.size() - 1) + "' has no value");
        }
        int component = SdpSyntax.unsignedInt(w.get(1), 256, "component");
        long priority = SdpSyntax.unsigned(w.get(3), SdpSyntax.MAX_UINT32, "priority");
        int port = SdpSyntax.port(w.get(5));
        CandidateType type = CandidateType.parse(w.get(7));
        Optional<String> raddr = Optional.empty();
        OptionalInt rport = OptionalInt.empty();
        Optional<String> tcpType = Optional.empty();
        List<Extension> extensions = new ArrayList<>();
        for (int i = 8; i < w.size(); i += 2) {
            String name = w.get(i);
            String v = w.get(i + 1);
            switch (name) {
                case "raddr" -> raddr = once(raddr, v, name);
                case "rport" -> {
                    if (rport.isPresent()) {
                        throw new SdpParseException("candidate has two rport");
                    }
                    rport = OptionalInt.of(SdpSyntax.port(v));
                }
                case "tcptype" -> tcpType = once(tcpType, v, name);
                default -> extensions.add(new Extension(name, v));
            }
        }
        return new Candidate(w.get(0), component, w.get(2), priority, w.get(4), port, type, raddr, rport, tcpType,
                extensions);
    }

    private static Optional<String> once(Optional<String> current, String value, String name)
            throws SdpParseException {
        if (current.isPresent()) {
            throw new SdpParseException("candidate has two " + name);
        }
        return Optional.of(value);
    }
}
