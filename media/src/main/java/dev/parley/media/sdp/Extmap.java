package dev.parley.media.sdp;

import java.util.Optional;

/**
 * RFC 8285 §8 {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]}: which RTP header
 * extension a local identifier stands for.
 *
 * @param id 1-14 for one-byte headers, up to 255 for two-byte headers (RFC 8285 §4.2, §4.3)
 * @param attributes the rest of the line after the URI, empty when there is none
 */
public record Extmap(int id, Optional<Direction> direction, String uri, String attributes) {
    /** RFC 8285 §5: 4096-4351 may appear in offers as "any id" placeholders. */
    static final int MAX_ID = 4351;

    public static Extmap of(int id, String uri) {
        return new Extmap(id, Optional.empty(), uri, "");
    }

    String value() {
        StringBuilder b = new StringBuilder().append(id);
        direction.ifPresent(d -> b.append('/').append(d.sdpName()));
        b.append(' ').append(uri);
        if (!attributes.isEmpty()) {
            b.append(' ').append(attributes);
        }
        return b.toString();
    }

    static Extmap parse(String value) throws SdpParseException {
        String[] idAndRest = SdpSyntax.headAndRest(value);
        String idText = idAndRest[0];
        Optional<Direction> direction = Optional.empty();
        int slash = idText.indexOf('/');
        if (slash >= 0) {
            String name = idText.substring(slash + 1);
            direction = Optional.of(Direction.fromSdpName(name)
                    .orElseThrow(() -> new SdpParseException("a=extmap has unknown direction '" + name + "'")));
            idText = idText.substring(0, slash);
        }
        int id = SdpSyntax.unsignedInt(idText, MAX_ID, "extmap id");
        if (id == 0) {
            throw new SdpParseException("extmap id 0 is reserved (RFC 8285 §4.2)");
        }
        String[] uriAndAttributes = SdpSyntax.headAndRest(idAndRest[1]);
        if (uriAndAttributes[0].isEmpty()) {
            throw new SdpParseException("a=extmap needs a URI");
        }
        return new Extmap(id, direction, uriAndAttributes[0], uriAndAttributes[1]);
    }
}
