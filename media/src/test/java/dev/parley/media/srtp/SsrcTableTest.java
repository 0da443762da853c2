package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcTableTest {

    @Test
    void findsEveryEntryItHoldsAndNothingElse() {
        SsrcTable<String> table = new SsrcTable<>(1024);
        Map<Integer, String> expected = new HashMap<>();
        Random random = new Random(1);
        while (expected.size() < 1024) {
            int ssrc = expected.size() < 8 ? new int[] {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 2, 3, 4}
                    [expected.size()] : random.nextInt();
            if (!expected.containsKey(ssrc)) {
                expected.put(ssrc, "s" + ssrc);
                table.putNew(ssrc, "s" + ssrc);
            }
        }

        expected.forEach((ssrc, value) -> assertThat(table.get(ssrc)).isEqualTo(value));
        for (int i = 0; i < 10_000; i++) {
            int ssrc = random.nextInt();
            assertThat(table.get(ssrc)).isEqualTo(expected.get(ssrc));
        }
        assertThat(table.isFull()).isTrue();
        assertThat(table.size()).isEqualTo(1024);
    }

    @Test
    void refusesToGrowPastItsCap() {
        SsrcTable<String> table = new SsrcTable<>(2);
        table.putNew(1, "a");
        table.putNew(2, "b");

        assertThatThrownBy(() -> table.putNew(3, "c")).isInstanceOf(IllegalStateException.class);
        assertThat(table.get(3)).isNull();
    }
}
