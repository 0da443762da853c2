package dev.parley.server.health;

/**
 * Whether this server should be sent new calls ({@code GET /readyz}): {@code ready}; {@code draining} after
 * a SIGTERM, while the calls in progress end (new joins are refused); {@code failing} after a fatal error
 * ({@link FatalErrorMonitor}). {@code /healthz} stays the liveness check. Thread-safe.
 */
public final class Readiness {
    public enum State {
        READY, DRAINING, FAILING;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final FatalErrorMonitor fatalErrors;
    private volatile boolean draining;

    public Readiness(FatalErrorMonitor fatalErrors) {
        this.fatalErrors = fatalErrors;
    }

    /** Readiness without a fatal-error monitor (an embedded server's parts in tests): ready or draining. */
    public static Readiness standalone() {
        return new Readiness(null);
    }

    public State state() {
        if (fatalErrors != null && fatalErrors.failure().isPresent()) {
            return State.FAILING;
        }
        return draining ? State.DRAINING : State.READY;
    }

    /** From now on the server takes no new joins. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }
}
