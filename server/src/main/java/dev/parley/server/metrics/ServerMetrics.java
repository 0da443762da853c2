package dev.parley.server.metrics;

import dev.parley.media.transport.ForwardingDelay;
import dev.parley.server.room.RoomCounts;
import dev.parley.server.signal.SignalListener;
import dev.parley.sfu.MediaCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters in one Micrometer registry, scraped in Prometheus text format at {@code /metrics}
 * (every name, unit and label in docs/OPERATIONS.md). The media plane and rooms keep plain counters and
 * counts; this class only binds them, so Micrometer stays out of the packet path. Labels come from fixed
 * sets: never a user, room or address.
 */
public final class ServerMetrics implements SignalListener, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** Micrometer holds a gauge's or function counter's object weakly: these keep the suppliers alive. */
    private final List<Object> referents = new ArrayList<>();
    private final Timer joinDuration;
    /** The rooms' counts as last taken on the SFU thread (before each scrape). */
    private volatile RoomCounts counts = RoomCounts.ZERO;
    /** The media plane's totals as last summed on the SFU thread (before each scrape). */
    private volatile MediaCounters media = new MediaCounters();

    public ServerMetrics() {
        // Two of Micrometer's JVM meters break Prometheus' naming rules (promtool: "abbreviated units",
        // "_count suffix"); process_cpu_usage and the thread and memory meters say the same.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        roomGauge("parley.rooms", "rooms open", RoomCounts::rooms);
        roomGauge("parley.participants", "users in rooms (anchors and audience)", RoomCounts::participants);
        roomGauge("parley.publishers", "users with at least one published stream", RoomCounts::publishers);
        roomGauge("parley.publications", "published streams (camera and screen share)", RoomCounts::publications);
        roomGauge("parley.subscriptions", "streams received, summed over users", RoomCounts::subscriptions);
        mediaCounter("parley.uplink.nacks", "video packets the publishers were asked to resend (NACK)",
                c -> c.upstreamNacks);
        mediaCounter("parley.uplink.nack.recovered", "packets asked for with a NACK that arrived",
                c -> c.nackRecovered);
        mediaCounter("parley.uplink.packets.lost", "packets lost on the way from the publishers (RFC 3550)",
                c -> c.packetsLost);
        mediaCounter("parley.uplink.keyframes", "keyframes the publishers sent", c -> c.keyframesReceived);
        mediaCounter("parley.uplink.plis", "keyframe requests (PLI) sent to publishers", c -> c.keyframeRequestsSent);
        mediaCounter("parley.downlink.plis", "PLIs and FIRs subscribers sent", c -> c.pictureLossReceived);
        mediaCounter("parley.downlink.nacks", "NACK packets subscribers sent", c -> c.nacksReceived);
        mediaCounter("parley.downlink.retransmissions", "packets resent to subscribers on NACK (RTX)",
                c -> c.retransmissionsSent);
        mediaCounter("parley.downlink.layer.switches", "simulcast layer switches completed", c -> c.layerSwitches);
        String byState = "transports of open media sessions by state: ICE and DTLS done, or not yet";
        Gauge.builder("parley.transports.by.state", this, m -> m.media.sessionsConnected).tag("state", "connected")
                .description(byState).register(registry);
        Gauge.builder("parley.transports.by.state", this, m -> m.media.sessions - m.media.sessionsConnected)
                .tag("state", "connecting").description(byState).register(registry);
        Gauge.builder("parley.downlink.estimates", this, m -> m.media.estimates)
                .description("open downlinks with a bandwidth estimate (transport-cc)").register(registry);
        estimateGauge("min", c -> c.estimateMinBps);
        estimateGauge("max", c -> c.estimateMaxBps);
        estimateGauge("mean", c -> c.estimates == 0 ? 0 : (double) c.estimateSumBps / c.estimates);
        joinDuration = Timer.builder("parley.signal.join.duration")
                .description("from a join request's arrival to its answer (UserSig check included)")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private void mediaCounter(String name, String help, ToDoubleFunction<MediaCounters> f) {
        FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.media)).description(help).register(registry);
    }

    private void estimateGauge(String stat, ToDoubleFunction<MediaCounters> f) {
        // Prometheus' base unit is bytes (promtool refuses "bits"): the bit/s estimates are divided by 8.
        Gauge.builder("parley.downlink.estimate", this, m -> f.applyAsDouble(m.media) / 8)
                .baseUnit("bytes.per.second")
                .description("the open downlinks' bandwidth estimates (least, greatest, mean)").tag("stat", stat)
                .register(registry);
    }

    private void roomGauge(String name, String help, ToDoubleFunction<RoomCounts> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.counts)).description(help).register(registry);
    }

    /** The rooms' counts and the media plane's totals, taken on the SFU thread just before a scrape. */
    public void update(RoomCounts now, MediaCounters mediaNow) {
        counts = now;
        media = mediaNow;
    }

    public void gauge(String name, String help, LongSupplier value) {
        referents.add(value);
        Gauge.builder(name, value, v -> v.getAsLong()).description(help).register(registry);
    }

    public void counter(String name, String help, String baseUnit, Tags tags, LongSupplier value) {
        referents.add(value);
        FunctionCounter.builder(name, value, v -> v.getAsLong()).description(help).baseUnit(baseUnit).tags(tags)
                .register(registry);
    }

    /** {@code parley_limits_hit_total{limit=...}} for limits counted elsewhere (the connection limiter). */
    public void limitCounters(Map<String, LongSupplier> byLimit) {
        byLimit.forEach((limit, value) -> counter("parley.limits.hit", "a hardening limit refused something",
                null, Tags.of("limit", limit), value));
    }

    /** {@code parley_media_forwarding_delay_seconds}: the delay each media loop adds, loop 0 first. */
    public void forwardingDelay(List<ForwardingDelay> loops) {
        registry.getPrometheusRegistry().register(new ForwardingDelayCollector(loops));
    }

    /** Lag and queued tasks of an event loop, labelled {@code loop}. */
    public void eventLoop(String name, EventExecutor loop) {
        EventLoopLag lag = new EventLoopLag(loop).start();
        closeables.add(lag);
        referents.add(lag);
        Gauge.builder("parley.event.loop.lag", lag, EventLoopLag::lagSeconds).baseUnit("seconds")
                .description("how late the loop ran a task scheduled on it (probed every second)")
                .tag("loop", name).register(registry);
        Gauge.builder("parley.event.loop.pending.tasks", lag, EventLoopLag::pendingTasks)
                .description("tasks waiting in the loop's queue").tag("loop", name).register(registry);
    }

    @Override
    public void answered(String type, String result, long nanos) {
        Counter.builder("parley.signal.requests").description("signaling requests answered, by type and result")
                .tags("type", type, "result", result).register(registry).increment();
        if (type.equals("join")) {
            joinDuration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void authRefused(String reason) {
        Counter.builder("parley.auth.refusals").description("joins refused for their UserSig or PrivateMapKey")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void limitHit(String limit) {
        Counter.builder("parley.limits.hit").description("a hardening limit refused something")
                .tag("limit", limit).register(registry).increment();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // closing at shutdown: nothing left to tell
            }
        }
        registry.close();
    }
}
