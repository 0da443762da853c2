/**
 * SDP for WebRTC: RFC 8866 session descriptions with the attributes of JSEP (RFC 9429), Unified Plan,
 * BUNDLE (RFC 8843), rtcp-mux (RFC 5761), ICE (RFC 8839), DTLS-SRTP (RFC 8122, RFC 8842), header
 * extensions (RFC 8285), source attributes (RFC 5576), rid and simulcast (RFC 8851, RFC 8853).
 *
 * <p>Entry points: {@link dev.parley.media.sdp.SessionDescription#parse} (what browsers send),
 * {@link dev.parley.media.sdp.SessionDescription#builder} and {@code toBuilder()} / {@code with...}
 * copies (what the SFU answers), {@link dev.parley.media.sdp.SessionDescription#write} (canonical,
 * CRLF-terminated). Every type is an immutable record, safe to share between threads.
 *
 * <p>The parser accepts what Chrome, Firefox and Safari write (CRLF or LF, attributes in any order,
 * transport attributes at session or media level), keeps attributes it has no field for verbatim, and
 * rejects with {@link dev.parley.media.sdp.SdpParseException} whatever would give a wrong model, and
 * input over 256 KiB, 16384 lines or 64 m-sections. For every parsed description {@code d},
 * {@code parse(d.write())} equals {@code d} (checked by the browser fixtures and by {@code SdpFuzzTest}).
 */
package dev.parley.media.sdp;
