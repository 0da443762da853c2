package dev.parley.server.it;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A Y4M clip for Chromium's {@code --use-file-for-fake-video-capture}: 640x480 at 15 fps, a moving
 * gradient with a 160x120 block of fresh noise every frame. Chrome's built-in fake camera is so easy to encode that VP8 stays under
 * its target; this clip makes the encoder spend every bit the congestion controller allows, so the sent
 * bitrate shows the estimate. Deterministic (fixed seed).
 */
final class BusyVideoFile {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final int FPS = 15;

    private BusyVideoFile() {
    }

    /** Writes the clip ({@code frames} frames, looped by Chromium) to {@code file} unless it exists. */
    static Path create(Path file, int frames) throws IOException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Random random = new Random(5);
        byte[] luma = new byte[WIDTH * HEIGHT];
        byte[] chroma = new byte[WIDTH * HEIGHT / 4];
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        luma[y * WIDTH + x] = (byte) (inNoise(x, y) ? random.nextInt(256) : (x + y + 4 * f) & 0xFF);
                    }
                }
                for (int i = 0; i < chroma.length; i++) {
                    chroma[i] = (byte) (inNoise(2 * (i % (WIDTH / 2)), 2 * (i / (WIDTH / 2)))
                            ? 64 + random.nextInt(128) : 128);
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        }
        Files.move(partial, file);
        return file;
    }

    /** The noise block: about 6% of the picture, enough to keep VP8 busy at a few hundred kbit/s. */
    private static boolean inNoise(int x, int y) {
        return x >= 240 && x < 400 && y >= 180 && y < 300;
    }
}
