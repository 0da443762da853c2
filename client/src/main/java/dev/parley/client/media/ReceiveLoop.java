package dev.parley.client.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread receiving for many {@link MediaPeer}s (a selector over their non-blocking sockets), for a
 * process that runs hundreds of peers, such as a load generator: under load one wake-up drains many
 * sockets, where a thread per peer costs a context switch per datagram. Off by default; see
 * {@link MediaPeer#RECEIVE_THREADS_PROPERTY}.
 */
final class ReceiveLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveLoop.class);
    private static ReceiveLoop[] shared;
    private static int next;

    private final Selector selector;
    private final ConcurrentLinkedQueue<MediaPeer> toRegister = new ConcurrentLinkedQueue<>();

    private ReceiveLoop(int index) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::run, "parley-client-receive-" + index);
        t.setDaemon(true);
        t.start();
    }

    /** The next of {@code threads} shared loops (created on first use), round robin. */
    static synchronized ReceiveLoop next(int threads) {
        if (shared == null) {
            shared = new ReceiveLoop[threads];
            for (int i = 0; i < threads; i++) {
                shared[i] = new ReceiveLoop(i);
            }
        }
        return shared[next++ % shared.length];
    }

    void register(MediaPeer peer) {
        toRegister.add(peer);
        selector.wakeup();
    }

    private void run() {
        byte[] buf = new byte[2048];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (true) {
            try {
                selector.select();
                for (MediaPeer p; (p = toRegister.poll()) != null; ) {
                    try {
                        p.channel().register(selector, SelectionKey.OP_READ, p);
                    } catch (ClosedChannelException e) {
                        // closed before it was registered
                    }
                }
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    drain((MediaPeer) key.attachment(), bb, buf);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("receive loop: {}", e.toString());
            }
        }
    }

    private static void drain(MediaPeer peer, ByteBuffer bb, byte[] buf) {
        DatagramChannel ch = peer.channel();
        while (true) {
            InetSocketAddress from;
            try {
                bb.clear();
                from = (InetSocketAddress) ch.receive(bb);
            } catch (IOException e) {
                return; // closed
            }
            if (from == null) {
                return;
            }
            if (bb.position() > 0) {
                peer.onDatagram(buf, bb.position(), from);
            }
        }
    }
}
