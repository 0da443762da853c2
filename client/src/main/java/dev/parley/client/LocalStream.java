package dev.parley.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a headless client publishes: TRTC's {@code LocalStream}, fed by a {@link MediaSource} instead of
 * a camera. Publish it with {@link ParleyClient#publish(LocalStream)}.
 */
public final class LocalStream {
    private final MediaSource source;

    private LocalStream(MediaSource source) {
        this.source = source;
    }

    /** Synthetic audio and video shaped like a browser's camera call ({@link SyntheticSource.Options#camera()}). */
    public static LocalStream synthetic() {
        return synthetic(SyntheticSource.Options.camera());
    }

    public static LocalStream synthetic(SyntheticSource.Options options) {
        return new LocalStream(new SyntheticSource(options));
    }

    /** VP8 video from an IVF file; see {@link IvfFileSource}. */
    public static LocalStream fromIvf(Path file, boolean loop) throws IOException {
        return new LocalStream(IvfFileSource.open(file, loop));
    }

    /** Your own source. */
    public static LocalStream from(MediaSource source) {
        return new LocalStream(source);
    }

    public MediaSource source() {
        return source;
    }

    public boolean hasAudio() {
        return source.hasAudio();
    }

    public boolean hasVideo() {
        return source.hasVideo();
    }
}
