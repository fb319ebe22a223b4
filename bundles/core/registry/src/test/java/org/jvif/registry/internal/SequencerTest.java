package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One call at a time per key, in arrival order; calls without a common key never wait for each other. */
class SequencerTest {
    private final Sequencer sequencer = new Sequencer();

    @Test
    void callsOnOneKeyTakeTurnsInArrivalOrder() {
        Sequencer.Ticket a = sequencer.enter(List.of("vif 1"));
        Sequencer.Ticket b = sequencer.enter(List.of("vif 1", "object tap1"));
        Sequencer.Ticket c = sequencer.enter(List.of("object tap1"));
        Sequencer.Ticket other = sequencer.enter(List.of("vif 2"));
        assertTrue(a.turn().isDone());
        assertTrue(other.turn().isDone(), "another VIF does not wait");
        assertFalse(b.turn().isDone());
        assertFalse(c.turn().isDone());
        a.leave();
        assertTrue(b.turn().isDone());
        assertFalse(c.turn().isDone(), "c shares tap1 with b, which came first");
        b.leave();
        assertTrue(c.turn().isDone());
        c.leave();
        other.leave();
        assertEquals(0, sequencer.busyKeys(), "nothing stays queued");
    }

    @Test
    void aCallThatGivesUpStillKeepsLaterCallsBehindEarlierOnes() {
        Sequencer.Ticket a = sequencer.enter(List.of("k"));
        Sequencer.Ticket b = sequencer.enter(List.of("k"));
        b.leave(); // gave up before its turn (interrupted)
        Sequencer.Ticket c = sequencer.enter(List.of("k"));
        assertFalse(c.turn().isDone(), "a still runs");
        a.leave();
        assertTrue(c.turn().isDone());
        c.leave();
        assertEquals(0, sequencer.busyKeys());
    }

    @Test
    void waitsForEveryEarlierCallOnAnyOfItsKeys() {
        Sequencer.Ticket a = sequencer.enter(List.of("x"));
        Sequencer.Ticket b = sequencer.enter(List.of("y"));
        Sequencer.Ticket c = sequencer.enter(List.of("x", "y"));
        a.leave();
        assertFalse(c.turn().isDone());
        b.leave();
        assertTrue(c.turn().isDone());
        c.leave();
    }

    @Test
    void neverTwoAtOnceOnOneKeyUnderLoad() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int me = t;
            done.add(threads.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    // every call shares "hot" with every other; half also take a key of their own
                    Sequencer.Ticket ticket = sequencer.enter(i % 2 == 0 ? List.of("hot") : List.of("own" + me, "hot"));
                    try {
                        ticket.await();
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        inside.decrementAndGet();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        ticket.leave();
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertEquals(0, overlaps.get());
        assertEquals(0, sequencer.busyKeys());
    }
}
