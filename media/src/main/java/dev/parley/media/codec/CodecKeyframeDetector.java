package dev.parley.media.codec;

/** The detectors {@link KeyframeDetector#forCodec} hands out. */
enum CodecKeyframeDetector implements KeyframeDetector {
    VP8 {
        @Override
        public boolean isKeyframe(byte[] payload, int off, int len) {
            return Vp8PayloadDescriptor.isKeyframe(payload, off, len);
        }

        @Override
        public boolean isStartOfFrame(byte[] payload, int off, int len) {
            return Vp8PayloadDescriptor.isStartOfFrame(payload, off, len);
        }
    },
    H264 {
        @Override
        public boolean isKeyframe(byte[] payload, int off, int len) {
            return H264Payload.isKeyframe(payload, off, len);
        }

        @Override
        public boolean isStartOfFrame(byte[] payload, int off, int len) {
            return H264Payload.isStartOfFrame(payload, off, len);
        }
    },
    /** Every Opus packet decodes on its own as far as forwarding is concerned: no keyframes to wait for. */
    OPUS {
        @Override
        public boolean isKeyframe(byte[] payload, int off, int len) {
            return len > 0;
        }

        @Override
        public boolean isStartOfFrame(byte[] payload, int off, int len) {
            return len > 0;
        }
    }
}
