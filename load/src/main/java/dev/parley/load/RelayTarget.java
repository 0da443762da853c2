package dev.parley.load;

import dev.parley.client.LatencyHistogram;
import dev.parley.client.MediaSource;
import dev.parley.client.SyntheticSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The minimal relay ({@link RelayFloor}) under the same publishers and subscribers: publishers are the same
 * synthetic sources with a plain 12-byte header and their clock in clear instead of SRTP; subscribers
 * count every datagram (loss from the sequence numbers, latency from the clock).
 */
final class RelayTarget implements LoadTarget {
    private final Path dir;
    private final List<MediaSource> sources = new ArrayList<>();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Receiver> receivers = new ArrayList<>();
    private final java.nio.channels.Selector selector;
    private final Object registerLock = new Object();
    private ChildProcess relay;
    private InetSocketAddress relayAddress;
    private Scenario scenario;
    private int perRoom;

    RelayTarget(Path dir) throws IOException {
        this.dir = dir;
        this.selector = java.nio.channels.Selector.open();
        Thread t = new Thread(this::receiveLoop, "relay-subscribers");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String name() {
        return "relay floor";
    }

    @Override
    public void start(Scenario s) throws Exception {
        this.scenario = s;
        if (s.rooms() > 255) {
            throw new IllegalArgumentException("the relay floor takes at most 255 rooms");
        }
        String jar = Path.of(RelayFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar,
                RelayFloor.class.getName());
        var started = ChildProcess.start(cmd, s.cpus(), dir.resolve("relay.log"),
                line -> line.startsWith("relay: udp ") ? Integer.valueOf(line.substring(11).trim()) : null, 30);
        relay = started.process();
        relayAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), started.value());
        for (int p = 0; p < s.publishers() * s.rooms(); p++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channels.add(ch);
            ch.send(ByteBuffer.wrap(new byte[] {'P', (byte) (p / s.publishers())}), relayAddress);
            SyntheticSource source = new SyntheticSource(s.media());
            sources.add(source);
            source.start(new PlainOutput(ch, relayAddress));
        }
    }

    /** RTP-like datagrams: 12-byte header, 8-byte clock, then the source's stamped payload. */
    private static final class PlainOutput implements MediaSource.RtpOutput {
        private final DatagramChannel ch;
        private final InetSocketAddress to;
        private final long[] ssrc = {ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL,
            ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL};
        private final int[] seq = new int[2];
        private final byte[] buf = new byte[1600];

        PlainOutput(DatagramChannel ch, InetSocketAddress to) {
            this.ch = ch;
            this.to = to;
        }

        @Override
        public synchronized void send(MediaSource.MediaKind kind, boolean marker, long timestamp, byte[] payload,
                int off, int len) {
            int k = kind.ordinal();
            int s = seq[k]++;
            buf[0] = (byte) 0x80;
            buf[1] = (byte) ((marker ? 0x80 : 0) | (k == 0 ? 111 : 96));
            buf[2] = (byte) (s >>> 8);
            buf[3] = (byte) s;
            for (int i = 0; i < 4; i++) {
                buf[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
                buf[8 + i] = (byte) (ssrc[k] >>> (24 - 8 * i));
            }
            long now = RelayReceiver.nowMicros();
            for (int i = 0; i < 8; i++) {
                buf[12 + i] = (byte) (now >>> (56 - 8 * i));
            }
            // the relay's copies are the size of the server's SRTP packets: 20-byte header, payload, 16-byte tag
            System.arraycopy(payload, off, buf, RelayFloor.CLEAR, len);
            try {
                ch.send(ByteBuffer.wrap(buf, 0, RelayFloor.CLEAR + len), to);
            } catch (IOException e) {
                // the relay is gone: the run is ending
            }
        }
    }

    @Override
    public long pid() {
        return relay.pid();
    }

    @Override
    public void growTo(int subscribers) throws Exception {
        for (int n = perRoom * scenario.rooms(); n < subscribers * scenario.rooms(); n++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channels.add(ch);
            Receiver r = new Receiver();
            receivers.add(r);
            ch.configureBlocking(false);
            synchronized (registerLock) {
                selector.wakeup();
                ch.register(selector, java.nio.channels.SelectionKey.OP_READ, r);
            }
            ch.send(ByteBuffer.wrap(new byte[] {'H', (byte) (n % scenario.rooms())}), relayAddress);
        }
        perRoom = Math.max(perRoom, subscribers);
    }

    /** One subscriber's counts; its socket is read by the shared {@link #selector} thread. */
    private static final class Receiver {
        private final RelayReceiver counts = new RelayReceiver();
    }

    /** Receives for every subscriber on one thread, as the client's shared receive loop does for Parley and Janus. */
    private void receiveLoop() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2048);
        while (selector.isOpen()) {
            try {
                selector.select();
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    var key = it.next();
                    it.remove();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    Receiver r = (Receiver) key.attachment();
                    while (true) {
                        b.clear();
                        if (ch.receive(b) == null) {
                            break;
                        }
                        if (b.position() >= RelayFloor.CLEAR) {
                            r.counts.onDatagram(b.array(), RelayReceiver.nowMicros());
                        }
                    }
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                return;
            }
        }
    }

    @Override
    public void resetCounters() {
        receivers.forEach(r -> r.counts.reset());
    }

    @Override
    public Counters counters() {
        long packets = 0;
        long lost = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (Receiver r : receivers) {
            packets += r.counts.packets();
            lost += r.counts.lost();
            r.counts.addLatenciesTo(latency);
        }
        return new Counters(packets, lost, latency);
    }

    @Override
    public void close() {
        sources.forEach(MediaSource::stop);
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (relay != null) {
            relay.close();
        }
    }
}
