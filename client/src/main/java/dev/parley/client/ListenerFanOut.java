package dev.parley.client;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener of a client; one that throws does not stop the others (and is logged). */
final class ListenerFanOut implements ClientListener {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerFanOut.class);
    private final List<ClientListener> listeners;

    ListenerFanOut(List<ClientListener> listeners) {
        this.listeners = listeners;
    }

    private void each(Consumer<ClientListener> call) {
        for (ClientListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("a client listener threw {}", e.toString());
            }
        }
    }

    @Override
    public void onPeerJoin(String u) {
        each(l -> l.onPeerJoin(u));
    }

    @Override
    public void onPeerLeave(String u) {
        each(l -> l.onPeerLeave(u));
    }

    @Override
    public void onStreamAdded(RemoteStream s) {
        each(l -> l.onStreamAdded(s));
    }

    @Override
    public void onStreamRemoved(RemoteStream s) {
        each(l -> l.onStreamRemoved(s));
    }

    @Override
    public void onStreamUpdated(RemoteStream s) {
        each(l -> l.onStreamUpdated(s));
    }

    @Override
    public void onStreamSubscribed(RemoteStream s) {
        each(l -> l.onStreamSubscribed(s));
    }

    @Override
    public void onRemoteMedia(RemoteStream s, boolean audio, byte[] p, int len, int off, int plen) {
        for (ClientListener l : listeners) {
            l.onRemoteMedia(s, audio, p, len, off, plen);
        }
    }

    @Override
    public void onClientBanned(String reason) {
        each(l -> l.onClientBanned(reason));
    }

    @Override
    public void onError(ParleyException e) {
        each(l -> l.onError(e));
    }
}
