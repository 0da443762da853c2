package dev.parley.media.stun;

/** Told by {@link IceControllingAgent} when its connection state changes; called on the agent's thread. */
@FunctionalInterface
public interface IceStateListener {
    void onStateChanged(IceConnectionState state);
}
