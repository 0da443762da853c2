package dev.parley.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatagramQueueTest {

    @Test
    void copiesWhatItIsOfferedSoTheCallerMayReuseItsBuffer() throws Exception {
        DatagramQueue queue = new DatagramQueue(4);
        byte[] buffer = {9, 1, 2, 3, 9};
        assertThat(queue.offer(buffer, 1, 3)).isTrue();
        buffer[1] = 7;
        assertThat(queue.poll(0)).contains(new byte[] {1, 2, 3});
    }

    @Test
    void dropsWhenFull() throws Exception {
        DatagramQueue queue = new DatagramQueue(2);
        assertThat(queue.offer(new byte[] {1}, 0, 1)).isTrue();
        assertThat(queue.offer(new byte[] {2}, 0, 1)).isTrue();
        assertThat(queue.offer(new byte[] {3}, 0, 1)).isFalse();
        assertThat(queue.poll(0)).contains(new byte[] {1});
        assertThat(queue.poll(0)).contains(new byte[] {2});
        assertThat(queue.poll(0)).isEmpty();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void pollReturnsEmptyWhenItsWaitElapses() throws Exception {
        assertThat(new DatagramQueue(1).poll(TimeUnit.MILLISECONDS.toNanos(5))).isEmpty();
    }

    @Test
    void closeWakesATakerWaitingWithoutLimit() throws Exception {
        DatagramQueue queue = new DatagramQueue(1);
        CompletableFuture<Object> taker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll(-1);
            } catch (java.io.IOException e) {
                return e;
            }
        });
        queue.close();
        assertThat(taker.get(10, TimeUnit.SECONDS)).isInstanceOf(DatagramQueue.ClosedException.class);
        assertThat(queue.offer(new byte[1], 0, 1)).isFalse();
        assertThatThrownBy(() -> queue.poll(0)).isInstanceOf(DatagramQueue.ClosedException.class);
    }

    @Test
    void closeDropsWhatIsQueued() throws Exception {
        DatagramQueue queue = new DatagramQueue(2);
        queue.offer(new byte[] {1}, 0, 1);
        queue.close();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.isClosed()).isTrue();
    }
}
