package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ring between two media loops: every published packet is handled exactly once, in order, on the
 * consumer's thread, with no wake-up lost; a full ring refuses (never waits) and counts.
 */
class HandOffTest {
    private final ExecutorService consumer = Executors.newSingleThreadExecutor(r -> new Thread(r, "consumer"));
    private final ExecutorService producer = Executors.newSingleThreadExecutor(r -> new Thread(r, "producer"));

    @AfterEach
    void stop() {
        consumer.shutdownNow();
        producer.shutdownNow();
    }

    /** Records the first 4 bytes of each slot as an int, and on which thread. */
    private static final class Recorder implements HandOff.Handler {
        final List<Integer> seen = new ArrayList<>(); // consumer thread only
        final AtomicInteger count = new AtomicInteger();
        volatile String wrongThread;
        volatile int batches;

        @Override
        public void handle(HandOff.Slot slot) {
            if (!Thread.currentThread().getName().equals("consumer")) {
                wrongThread = Thread.currentThread().getName();
            }
            seen.add(((slot.buf[0] & 0xFF) << 24) | ((slot.buf[1] & 0xFF) << 16) | ((slot.buf[2] & 0xFF) << 8)
                    | (slot.buf[3] & 0xFF));
            count.incrementAndGet();
        }

        @Override
        public void batchDone() {
            batches++;
        }
    }

    private static void put(HandOff ring, int n) {
        HandOff.Slot s = ring.claim();
        if (s == null) {
            return;
        }
        s.buf[0] = (byte) (n >>> 24);
        s.buf[1] = (byte) (n >>> 16);
        s.buf[2] = (byte) (n >>> 8);
        s.buf[3] = (byte) n;
        s.len = 4;
        ring.publish();
        ring.wake();
    }

    @Test
    void everyPacketArrivesOnceInOrderOnTheConsumersThreadWhateverTheInterleaving() throws Exception {
        Recorder r = new Recorder();
        HandOff ring = new HandOff(64, 16, consumer, r);
        int total = 500_000;
        producer.submit(() -> {
            for (int i = 0; i < total; i++) {
                // A full ring refuses: the producer tries again, as a test of order (the server drops instead).
                while (ring.claim() == null) {
                    Thread.onSpinWait();
                }
                HandOff.Slot s = ring.claim();
                s.buf[0] = (byte) (i >>> 24);
                s.buf[1] = (byte) (i >>> 16);
                s.buf[2] = (byte) (i >>> 8);
                s.buf[3] = (byte) i;
                ring.publish();
                if (i % 7 == 0) {
                    ring.wake(); // batches of 7, and of WAKE_EVERY where publish wakes by itself
                }
            }
            ring.wake();
        }).get(60, TimeUnit.SECONDS);
        Loopback.await("all " + total + " handled", () -> r.count.get() == total);
        List<Integer> seen = consumer.submit(() -> new ArrayList<>(r.seen)).get(10, TimeUnit.SECONDS);
        assertThat(seen).hasSize(total);
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != i) {
                throw new AssertionError("packet " + i + " arrived as " + seen.get(i));
            }
        }
        assertThat(r.wrongThread).as("handled on another thread").isNull();
        assertThat(ring.backlog()).isZero();
    }

    @Test
    void aFullRingRefusesAndCountsInsteadOfWaitingAndTheRestStillArrive() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder r = new Recorder();
        HandOff ring = new HandOff(8, 16, consumer, new HandOff.Handler() {
            @Override
            public void handle(HandOff.Slot slot) {
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.handle(slot);
            }

            @Override
            public void batchDone() {
            }
        });
        put(ring, 0);
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue(); // the consumer holds slot 0
        for (int i = 1; i < 20; i++) {
            put(ring, i);
        }
        assertThat(ring.dropped()).as("8 slots, one being handled: 7 more fit, 12 refused").isEqualTo(12);
        release.countDown();
        Loopback.await("the 8 accepted handled", () -> r.count.get() == 8);
        assertThat(consumer.submit(() -> new ArrayList<>(r.seen)).get(10, TimeUnit.SECONDS))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        put(ring, 100);
        Loopback.await("a packet after the drops handled", () -> r.count.get() == 9);
    }

    @Test
    void aLongBacklogIsDrainedInBatchesThatLetTheConsumersLoopRunOtherWork() throws Exception {
        Recorder r = new Recorder();
        CountDownLatch hold = new CountDownLatch(1);
        consumer.submit(() -> {
            hold.await(10, TimeUnit.SECONDS);
            return null;
        });
        HandOff ring = new HandOff(1024, 16, consumer, r);
        for (int i = 0; i < 1000; i++) {
            put(ring, i);
        }
        AtomicInteger seenWhenOtherWorkRan = new AtomicInteger(-1);
        // Queued behind the first drain task: it runs between batches, not after all 1000.
        consumer.submit(() -> seenWhenOtherWorkRan.set(r.count.get()));
        hold.countDown();
        Loopback.await("all handled", () -> r.count.get() == 1000);
        assertThat(seenWhenOtherWorkRan.get()).isEqualTo(HandOff.DRAIN_BATCH);
        assertThat(r.batches).isGreaterThanOrEqualTo(1000 / HandOff.DRAIN_BATCH);
    }

    @Test
    void aCapacityThatIsNotAPowerOfTwoIsRefused() {
        assertThatThrownBy(() -> new HandOff(1000, 16, consumer, new Recorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new HandOff(8, 16, consumer, new Recorder()).publish())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theConsumerIsWokenOncePerBatchNotPerPacket() {
        List<Runnable> tasks = new ArrayList<>();
        AtomicInteger handled = new AtomicInteger();
        HandOff ring = new HandOff(1024, 16, tasks::add, new HandOff.Handler() {
            @Override
            public void handle(HandOff.Slot slot) {
                handled.incrementAndGet();
            }

            @Override
            public void batchDone() {
            }
        });
        for (int i = 0; i < HandOff.WAKE_EVERY - 1; i++) {
            ring.claim();
            ring.publish();
        }
        assertThat(tasks).as("no wake-up before the batch ends").isEmpty();
        ring.claim();
        ring.publish();
        assertThat(tasks).as("a long batch wakes the consumer by itself").hasSize(1);
        ring.claim();
        ring.publish();
        ring.wake();
        assertThat(tasks).as("already scheduled: no second task").hasSize(1);
        tasks.remove(0).run();
        assertThat(handled.get()).isEqualTo(HandOff.WAKE_EVERY + 1);
        assertThat(tasks).as("drained: nothing left to schedule").isEmpty();
        ring.wake();
        assertThat(tasks).as("nothing published since: no wake-up").isEmpty();
    }
}
