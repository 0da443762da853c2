package dev.parley.server.it;

import dev.parley.client.media.DownlinkAnswer;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.MalformedFingerprintException;
import dev.parley.media.stun.IceCredentials;

/**
 * The headless client's {@link DownlinkAnswer} with fixed ICE credentials and a fixed fingerprint, for
 * tests that negotiate without connecting media.
 */
final class DownlinkAnswers {
    static final String FINGERPRINT = "sha-256 " + "5A:".repeat(31) + "5A";
    private static final IceCredentials ICE = new IceCredentials("cAns", "clientAnswerPassword0123");

    private DownlinkAnswers() {
    }

    static String answer(String offer) {
        try {
            return DownlinkAnswer.create(offer, ICE, DtlsFingerprint.parse(FINGERPRINT));
        } catch (MalformedFingerprintException e) {
            throw new AssertionError(e);
        }
    }
}
