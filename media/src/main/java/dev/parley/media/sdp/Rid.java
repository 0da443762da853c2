package dev.parley.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 8851 §4 {@code a=rid:<rid-id> <send|recv> [<restrictions>]}, e.g.
 * {@code a=rid:h send pt=96,97;max-width=1280}: one RTP stream identified by the RtpStreamId header
 * extension, as used for simulcast (RFC 8853).
 *
 * @param restrictions {@code name=value} pairs in written order, including {@code pt}
 */
public record Rid(String id, Direction direction, Map<String, String> restrictions) {

    /** RFC 8851 §4: only send and recv are allowed in a rid's direction. */
    public enum Direction {
        SEND, RECV;

        String sdpName() {
            return this == SEND ? "send" : "recv";
        }
    }

    public Rid {
        restrictions = ParameterMap.copyOf(restrictions);
    }

    public static Rid of(String id, Direction direction) {
        return new Rid(id, direction, Map.of());
    }

    public Optional<String> restriction(String name) {
        return ParameterMap.get(restrictions, name);
    }

    /** The {@code pt=} restriction as payload types; empty when absent (any payload type may be used). */
    public List<Integer> payloadTypes() {
        List<Integer> types = new ArrayList<>();
        for (String pt : restriction("pt").orElse("").split(",")) {
            try {
                if (!pt.isBlank()) {
                    types.add(SdpSyntax.payloadType(SdpSyntax.strip(pt)));
                }
            } catch (SdpParseException e) {
                // a non-numeric entry restricts nothing we can use
            }
        }
        return List.copyOf(types);
    }

    String value() {
        String base = id + ' ' + direction.sdpName();
        return restrictions.isEmpty() ? base : base + ' ' + ParameterMap.format(restrictions);
    }

    static Rid parse(String text) throws SdpParseException {
        String[] idAndRest = SdpSyntax.headAndRest(text);
        String id = SdpSyntax.ridId(idAndRest[0]);
        String[] directionAndRest = SdpSyntax.headAndRest(idAndRest[1]);
        Direction direction = switch (directionAndRest[0]) {
            case "send" -> Direction.SEND;
            case "recv" -> Direction.RECV;
            default -> throw new SdpParseException("a=rid direction must be send or recv, found '"
                    + directionAndRest[0] + "'");
        };
        return new Rid(id, direction, ParameterMap.parse(directionAndRest[1], "a=rid"));
    }
}
