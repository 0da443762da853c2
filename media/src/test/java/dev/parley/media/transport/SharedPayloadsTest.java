package dev.parley.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SharedPayloadsTest {
    private final SharedPayloads shared = new SharedPayloads(1500);

    private static byte[] packet(int seed) {
        byte[] p = new byte[1200];
        Arrays.fill(p, (byte) seed);
        return p;
    }

    @Test
    void theCopiesOfOnePacketInOneRoutingShareOneEntryAndTheNextPacketTakesAnother() {
        byte[] source = packet(1);
        byte[] a = shared.entryFor(source, 100, 1000, 1, 0, 0);
        byte[] b = shared.entryFor(source, 100, 1000, 1, 1, 0);
        assertThat(b).isSameAs(a);
        assertThat(Arrays.copyOf(a, 1000)).containsOnly((byte) 1);

        Arrays.fill(source, (byte) 2); // the same buffer holds the next packet, in the next routing
        byte[] c = shared.entryFor(source, 100, 1000, 2, 2, 0);
        assertThat(c).isNotSameAs(a);
        assertThat(Arrays.copyOf(c, 1000)).containsOnly((byte) 2);
        assertThat(Arrays.copyOf(a, 1000)).as("the first packet's slots still read theirs").containsOnly((byte) 1);
        assertThat(shared.entryFor(source, 132, 968, 2, 3, 0)).as("another slice of it").isNotSameAs(c);
    }

    @Test
    void anEntryIsReusedOnlyAfterTheLoopHandledEverySlotThatRefersToIt() {
        long slot = 0;
        byte[] first = null;
        for (int routing = 0; routing < SharedPayloads.ENTRIES; routing++) {
            byte[] e = shared.entryFor(packet(routing), 0, 1000, routing, slot++, 0);
            assertThat(e).isNotNull();
            if (first == null) {
                first = e;
            }
        }
        // Nothing handled yet: every entry is in use, the next packet is copied whole by the caller.
        assertThat(shared.entryFor(packet(7), 0, 1000, 1000, slot++, 0)).isNull();
        // The first entry's only slot (index 0) handled: it is taken again.
        assertThat(shared.entryFor(packet(7), 0, 1000, 1001, slot++, 1)).isSameAs(first);
        assertThat(Arrays.copyOf(first, 1000)).containsOnly((byte) 7);
        // The second entry's slot (1) is not handled while consumed is 1.
        assertThat(shared.entryFor(packet(8), 0, 1000, 1002, slot++, 1)).isNull();
    }
}
