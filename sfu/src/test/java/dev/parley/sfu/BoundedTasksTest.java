package dev.parley.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class BoundedTasksTest {
    @Test
    void atMostTheBoundWaitsAndWhatRunsMakesRoomAgain() {
        Queue<Runnable> queue = new ArrayDeque<>(); // a loop that has not got round to its tasks yet
        BoundedTasks tasks = new BoundedTasks(queue::add, 3);
        int[] ran = {0};
        for (int i = 0; i < 10; i++) {
            tasks.execute(() -> ran[0]++);
        }
        assertThat(queue).hasSize(3);
        assertThat(tasks.refused()).isEqualTo(7);

        queue.poll().run();
        assertThat(tasks.execute(() -> ran[0]++)).as("room for one after one ran").isTrue();
        assertThat(tasks.execute(() -> ran[0]++)).isFalse();
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
        assertThat(ran[0]).isEqualTo(4);
        assertThat(tasks.refused()).isEqualTo(8);
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new BoundedTasks(Runnable::run, 0)).hasMessageContaining("at least one");
    }
}
