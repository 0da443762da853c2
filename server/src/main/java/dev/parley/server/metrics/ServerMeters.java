package dev.parley.server.metrics;

import dev.parley.media.transport.ForwardingDelay;
import dev.parley.media.transport.UdpPortMux;
import dev.parley.server.http.HttpServer;
import dev.parley.server.webhook.WebhookDispatcher;
import dev.parley.sfu.plane.WebRtcMediaPlane;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/** Binds the counters that the media port, the media plane, HTTP, signaling and webhooks keep to meters. */
public final class ServerMeters {
    private ServerMeters() {
    }

    public static void bind(ServerMetrics m, UdpPortMux mux, WebRtcMediaPlane media, HttpServer http,
                            ThreadPoolExecutor signalExecutor, WebhookDispatcher webhooks) {
        m.gauge("parley.transports", "WebRTC transports (ICE + DTLS + SRTP) on the media port", mux::transportCount);
        m.gauge("parley.media.sessions", "uplink and downlink media sessions", media::sessionCount);
        m.gauge("parley.http.connections", "open HTTP and WebSocket connections", http::connections);
        m.gauge("parley.http.connections.unjoined", "connections that are not a joined WebSocket",
                http::unjoinedConnections);
        m.counter("parley.media.received", "bytes received on the media port", "bytes", Tags.empty(),
                mux::bytesReceived);
        m.counter("parley.media.sent", "bytes sent from the media port", "bytes", Tags.empty(), mux::bytesSent);
        m.counter("parley.media.received.datagrams", "datagrams received on the media port", null, Tags.empty(),
                mux::datagramsReceived);
        m.counter("parley.media.sent.datagrams", "datagrams sent from the media port", null, Tags.empty(),
                mux::datagramsSent);
        m.counter("parley.media.dropped.datagrams", "datagrams dropped on arrival", null,
                Tags.of("reason", "unknown_sender"), mux::droppedUnknownSender);
        m.counter("parley.media.dropped.datagrams", "datagrams dropped on arrival", null,
                Tags.of("reason", "unclassified"), mux::droppedUnclassified);
        m.counter("parley.media.dropped.datagrams", "datagrams dropped on arrival", null,
                Tags.of("reason", "oversized"), mux::droppedOversized);
        m.counter("parley.media.dropped.datagrams", "datagrams dropped on arrival", null,
                Tags.of("reason", "receive_buffer_full"), () -> Math.max(0, mux.droppedReceiveBufferFull()));
        for (int i = 0; i < mux.loops(); i++) {
            int loop = i;
            m.counter("parley.media.loop.sent.datagrams", "datagrams sent from each media loop's socket", null,
                    Tags.of("loop", Integer.toString(loop)), () -> mux.datagramsSent(loop));
            m.counter("parley.media.loop.received.datagrams", "datagrams read by each media loop's socket", null,
                    Tags.of("loop", Integer.toString(loop)), () -> mux.datagramsReceived(loop));
        }
        List<ForwardingDelay> delays = new ArrayList<>();
        for (int i = 0; i < mux.loops(); i++) {
            delays.add(mux.forwardingDelay(i));
        }
        m.forwardingDelay(delays);
        m.counter("parley.media.handoff.dropped.datagrams",
                "datagrams dropped between media loops (a hand-off ring full, or a packet not protected)", null,
                Tags.empty(), mux::droppedHandOff);
        m.limitCounters(http.limitsHit());
        m.gauge("parley.signal.executor.queued.tasks", "signaling work (UserSig checks, SDP parsing) waiting",
                () -> signalExecutor.getQueue().size());
        m.counter("parley.webhook.deliveries", "webhook requests the receiver accepted (HTTP 200)", null,
                Tags.of("result", "delivered"), webhooks::delivered);
        m.counter("parley.webhook.deliveries", "webhook requests that failed and were retried", null,
                Tags.of("result", "failed_attempt"), webhooks::failedAttempts);
        m.counter("parley.webhook.deliveries", "webhook events dropped (queue full or retries exhausted)", null,
                Tags.of("result", "dropped"), webhooks::dropped);
        m.gauge("parley.webhook.queued.events", "webhook events waiting or being delivered", webhooks::queued);
    }
}
