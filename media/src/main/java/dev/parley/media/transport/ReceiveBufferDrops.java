package dev.parley.media.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped because a socket's receive buffer was full: the loss of a server that
 * cannot keep up, which no counter of the server's own sees (the datagrams never reach it). Linux keeps a
 * {@code drops} count per socket in {@code /proc/net/udp} and {@code /proc/net/udp6}; this sums it over
 * the sockets bound to the port (every media loop's, with {@code SO_REUSEPORT}). Netty's epoll transport
 * offers no {@code SO_RXQ_OVFL}, which would carry the same count with each read.
 */
final class ReceiveBufferDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private ReceiveBufferDrops() {
    }

    /** The drops of the sockets bound to {@code port}, or -1 where the kernel does not say (not Linux). */
    static long read(int port) {
        long sum = 0;
        boolean any = false;
        for (Path table : TABLES) {
            try {
                sum += sum(Files.readString(table), port);
                any = true;
            } catch (IOException | RuntimeException e) {
                // no such table here (IPv6 off, or not Linux): the other may still say
            }
        }
        return any ? sum : -1;
    }

    /**
     * Sums the last column ({@code drops}) of the table's lines whose local address has {@code port}
     * ({@code ADDRESS:PORT} in hex, the port after the last colon).
     */
    static long sum(String table, int port) {
        String wanted = ":" + String.format(Locale.ROOT, "%04X", port);
        long sum = 0;
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            if (f.length < 13 || !f[0].endsWith(":") || !f[1].endsWith(wanted)) {
                continue;
            }
            sum += Long.parseLong(f[f.length - 1]);
        }
        return sum;
    }
}
