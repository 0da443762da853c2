package dev.parley.sfu.downlink;

import dev.parley.media.sdp.MediaDescription;
import dev.parley.media.sdp.MediaKind;
import dev.parley.media.sdp.SessionDescription;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a subscriber's answer kept of each offered section's extras, applied to the subscriptions: RTX,
 * the audio-level extension and RED are used only where the answer accepted them.
 */
final class AnswerFeatures {
    private static final Logger log = LoggerFactory.getLogger(AnswerFeatures.class);

    private AnswerFeatures() {
    }

    /** Sections and the answer's media correspond one to one (the caller checked the count). */
    static void apply(List<DownlinkSection> sections, SessionDescription answer, boolean rtxAllowed, String label) {
        for (int i = 0; i < sections.size(); i++) {
            DownlinkSection s = sections.get(i);
            if (s.subscription == null) {
                continue;
            }
            MediaDescription m = answer.media().get(i);
            if (rtxAllowed) {
                rtx(s, m);
            }
            if (s.kind == MediaKind.AUDIO) {
                audioLevel(s, m);
            }
            red(s, m, label);
        }
    }

    /** RFC 4588 §8.6: RTX is used toward the subscriber only where its answer kept our RTX format. */
    private static void rtx(DownlinkSection s, MediaDescription m) {
        if (s.codec == null || s.codec.downlinkRtxPayloadType().isEmpty()) {
            return;
        }
        int rtx = s.codec.downlinkRtxPayloadType().getAsInt();
        OptionalInt accepted = m.rtxPayloadType(s.codec.downlinkPayloadType());
        if (accepted.isPresent() && accepted.getAsInt() == rtx) {
            s.subscription.enableRtx(rtx);
        }
    }

    /** RFC 8285 §6 / RFC 6464 §4: the audio level goes only into sections whose answer kept our extmap. */
    private static void audioLevel(DownlinkSection s, MediaDescription m) {
        if (DownlinkOffer.answerKeptAudioLevel(m)) {
            s.subscription.enableAudioLevel(DownlinkOffer.AUDIO_LEVEL_ID);
        } else {
            s.subscription.disableAudioLevel();
        }
    }

    /** RFC 2198: RED goes only into audio sections whose answer kept our RED format; elsewhere its primary. */
    private static void red(DownlinkSection s, MediaDescription m, String label) {
        if (s.codec == null || s.codec.downlinkRedPayloadType().isEmpty()) {
            return;
        }
        if (!m.isRejected() && DownlinkOffer.answerKeptRed(m, s.codec.downlinkRedPayloadType().getAsInt())) {
            if (!s.subscription.redEnabled()) {
                log.info("{}: audio of {} goes as RED where the publisher sends it (RFC 2198)", label,
                        s.subscription.streamId());
            }
            s.subscription.enableRed();
        } else {
            s.subscription.disableRed();
        }
    }
}
