package dev.parley.server.health;

/**
 * Whether this server should be sent new calls ({@code GET /readyz}): {@code ready}; {@code overloaded} while
 * its media port drops datagrams ({@link ReceiveBufferWatch}: new joins are refused, the calls in progress go
 * on); {@code draining} after a SIGTERM, while the calls in progress end (new joins are refused);
 * {@code failing} after a fatal error ({@link FatalErrorMonitor}). {@code /healthz} stays the liveness
 * check. Thread-safe.
 */
public final class Readiness {
    public enum State {
        READY, OVERLOADED, DRAINING, FAILING;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final FatalErrorMonitor fatalErrors;
    private volatile boolean draining;
    private volatile java.util.function.BooleanSupplier overloaded = () -> false;

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
        if (draining) {
            return State.DRAINING;
        }
        return overloaded.getAsBoolean() ? State.OVERLOADED : State.READY;
    }

    /** From now on the server is overloaded whenever {@code overloaded} says so. */
    public void watchOverload(java.util.function.BooleanSupplier overloaded) {
        this.overloaded = overloaded;
    }

    /** Whether new joins should be refused to keep the calls in progress whole (the media plane is behind). */
    public boolean isOverloaded() {
        return overloaded.getAsBoolean();
    }

    /** From now on the server takes no new joins. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }
}
