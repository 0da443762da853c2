package dev.parley.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebRtcSdpTest {

    private static void assertInvalid(String sdp, String message) {
        assertThatThrownBy(() -> WebRtcSdp.parse(sdp, "publish offer"))
                .isInstanceOf(NegotiationException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {BrowserOffers.CHROME, BrowserOffers.FIREFOX, BrowserOffers.SAFARI})
    void browserOffersPass(String fixture) throws Exception {
        assertThat(WebRtcSdp.parse(BrowserOffers.read(fixture), "publish offer").media()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RTP/AVP", "RTP/SAVP", "RTP/AVPF", "UDP/TLS/RTP/SAVP"})
    void aProfileWithoutDtlsSrtpAndFeedbackIsRefused(String profile) {
        String offer = BrowserOffers.read(BrowserOffers.CHROME).replace("UDP/TLS/RTP/SAVPF", profile);
        assertInvalid(offer, "uses profile " + profile);
    }

    @ParameterizedTest
    @ValueSource(strings = {BrowserOffers.CHROME, BrowserOffers.FIREFOX})
    void anOfferWithoutIceCredentialsIsRefused(String fixture) {
        String offer = BrowserOffers.read(fixture).replaceAll("a=ice-(ufrag|pwd):[^\\r\\n]*\\r\\n", "");
        assertInvalid(offer, "no a=ice-ufrag and a=ice-pwd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=ice-ufrag:ab\r\n", "a=ice-ufrag:bad_chars!\r\n", "a=ice-pwd:short\r\n"})
    void malformedIceCredentialsAreRefused(String line) {
        String offer = BrowserOffers.read(BrowserOffers.CHROME);
        String attribute = line.substring(0, line.indexOf(':') + 1);
        offer = offer.replaceAll(attribute + "[^\\r\\n]*\\r\\n", line);
        assertInvalid(offer, "malformed ICE ufrag or password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "v=0\r\n"})
    void textThatIsNotSdpIsRefused(String sdp) {
        assertInvalid(sdp, "is not valid SDP");
    }
}
