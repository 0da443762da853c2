package dev.parley.client;

import dev.parley.client.media.RtpHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * VP8 video from an IVF file (the container libvpx and {@code ffmpeg -c:v libvpx -f ivf} write: a
 * 32-byte header {@code DKIF}, then frames each with a 12-byte header of size and timestamp, all little
 * endian), sent at the file's frame rate, packetized per RFC 7741 §4, looping at the end if asked.
 * The payloads are the file's bytes, so a browser decodes them; they carry no {@code PayloadStamp}.
 */
public final class IvfFileSource implements MediaSource {
    /** Larger files are refused: the frames are held in memory. */
    public static final long MAX_FILE_BYTES = 256L << 20;
    private static final int MAX_PACKET = 1200;

    private final List<byte[]> frames;
    private final long frameMicros;
    private final long ticksPerFrame;
    private final boolean loop;
    private final long ts0 = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private ScheduledFuture<?> task;
    private long sent; // pacer thread only

    private IvfFileSource(List<byte[]> frames, long frameMicros, boolean loop) {
        this.frames = frames;
        this.frameMicros = frameMicros;
        this.ticksPerFrame = Math.max(1, frameMicros * 90 / 1000);
        this.loop = loop;
    }

    /**
     * Reads an IVF file of VP8 frames.
     *
     * @throws IOException if the file cannot be read, or is not IVF/VP8 (the message says what is wrong)
     */
    public static IvfFileSource open(Path file, boolean loop) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + " is " + size + " bytes; IVF sources are limited to " + MAX_FILE_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 32 || b.getInt(0) != 0x46494B44) { // "DKIF"
            throw new IOException(file + " is not an IVF file (no DKIF signature)");
        }
        int headerLength = b.getShort(6) & 0xFFFF;
        int fourcc = b.getInt(8);
        if (fourcc != 0x30385056) { // "VP80"
            throw new IOException(file + " holds codec " + fourccText(fourcc) + "; only VP8 (VP80) is supported");
        }
        long rate = b.getInt(16) & 0xFFFFFFFFL;
        long scale = b.getInt(20) & 0xFFFFFFFFL;
        if (rate == 0 || scale == 0 || headerLength < 32 || headerLength > b.limit()) {
            throw new IOException(file + " has a bad IVF header (time base " + scale + "/" + rate + ", header length "
                    + headerLength + ")");
        }
        List<byte[]> frames = new ArrayList<>();
        int at = headerLength;
        while (at + 12 <= b.limit()) {
            int len = b.getInt(at);
            if (len <= 0 || at + 12L + len > b.limit()) {
                throw new IOException(file + ": frame " + frames.size() + " at byte " + at + " has length " + len
                        + " past the end of the file");
            }
            byte[] f = new byte[len];
            b.get(at + 12, f);
            frames.add(f);
            at += 12 + len;
        }
        if (frames.isEmpty()) {
            throw new IOException(file + " holds no frames");
        }
        long frameMicros = Math.max(1000, scale * 1_000_000L / rate);
        return new IvfFileSource(List.copyOf(frames), frameMicros, loop);
    }

    private static String fourccText(int fourcc) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            char c = (char) ((fourcc >>> (8 * i)) & 0xFF);
            s.append(c >= 32 && c < 127 ? c : '?');
        }
        return s.toString();
    }

    public int frameCount() {
        return frames.size();
    }

    @Override
    public boolean hasAudio() {
        return false;
    }

    @Override
    public boolean hasVideo() {
        return true;
    }

    @Override
    public synchronized void start(RtpOutput out) {
        byte[] payload = new byte[MAX_PACKET - RtpHeader.LENGTH];
        task = Pacer.SCHEDULER.scheduleAtFixedRate(() -> sendFrame(out, payload), 0, frameMicros,
                TimeUnit.MICROSECONDS);
    }

    private void sendFrame(RtpOutput out, byte[] payload) {
        if (!loop && sent >= frames.size()) {
            return;
        }
        byte[] frame = frames.get((int) (sent % frames.size()));
        long ts = (ts0 + sent * ticksPerFrame) & 0xFFFFFFFFL;
        sent++;
        int room = payload.length - 1; // one byte of payload descriptor
        for (int off = 0; off < frame.length; off += room) {
            int n = Math.min(room, frame.length - off);
            payload[0] = (byte) (off == 0 ? 0x10 : 0x00); // RFC 7741 §4.2: S=1 on a frame's first packet, PID 0
            System.arraycopy(frame, off, payload, 1, n);
            out.send(MediaKind.VIDEO, off + n == frame.length, ts, payload, 0, n + 1);
        }
    }

    /** A file's frames are what they are: a keyframe comes when the file has one. */
    @Override
    public void requestKeyframe() {
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
