package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvif.api.PlugException;
import org.jvif.api.VifCall;
import org.jvif.api.VifOutcome;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls on one VIF one at a time in arrival order; others concurrent; the asynchronous and batch forms. */
class CallOrderTest {
    static final String A = HostStateTest.A;
    static final String B = HostStateTest.B;
    static final String C = HostStateTest.C;

    private final OsVifRegistry registry = new OsVifRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        registry.deactivate();
    }

    OsVifRegistry with(FakeHost backend) {
        OsVifRegistryTest.install(registry, VIFOpenVSwitch.SCHEMA);
        OsVifRegistryTest.install(registry, FakeHost.NAME, backend);
        return registry;
    }

    /** A fake whose calls wait at a gate, and which counts how many run at once per VIF. */
    static final class Gated extends FakeHost {
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);

        private void pass(VIFBase vif) throws InterruptedException {
            AtomicInteger n = inside.computeIfAbsent(vif.getId(), k -> new AtomicInteger());
            if (n.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                entered.countDown();
                CountDownLatch gate = gates.get(vif.getId());
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate of " + vif.getId() + " never opened");
                }
            } finally {
                n.decrementAndGet();
            }
        }

        @Override
        public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
            pass(vif);
            super.plug(vif, instanceInfo);
        }

        @Override
        public void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
            pass(vif);
            super.unplug(vif, instanceInfo);
        }
    }

    static void waitUntilWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t.getName() + " never waited");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void callsOnOneVifRunInArrivalOrderAndTheLastOneWins() throws Exception {
        Gated host = new Gated();
        with(host);
        CountDownLatch gate = new CountDownLatch(1);
        host.gates.put(A, gate);
        Thread first = new Thread(() -> registry.plug(HostStateTest.vif(A, "tapa"), null), "first");
        first.start();
        assertTrue(host.entered.await(5, TimeUnit.SECONDS));
        Thread second = new Thread(() -> registry.unplug(HostStateTest.vif(A, "tapa"), null), "second");
        second.start();
        waitUntilWaiting(second);
        Thread third = new Thread(() -> registry.plug(HostStateTest.vif(A, "tapa"), null), "third");
        third.start();
        waitUntilWaiting(third);

        // meanwhile another VIF is not held up by A's queue
        registry.plug(HostStateTest.vif(B, "tapb"), null);
        assertEquals(VifState.PLUGGING, registry.vif(A).orElseThrow().state(), "the intent is written before acting");

        gate.countDown();
        for (Thread t : List.of(first, second, third)) {
            t.join(5_000);
        }
        // B went through while A's first plug was held at its gate; A's calls in arrival order after it
        assertEquals(List.of("plug " + B, "plug " + A, "unplug " + A, "plug " + A), host.calls);
        assertEquals(VifState.PLUGGED, registry.vif(A).orElseThrow().state());
        assertEquals(A, host.host.get("tapa").owner());
        assertEquals(0, host.overlaps.get());
        assertEquals(0, registry.sequencer.busyKeys());
    }

    @Test
    void eightThreadsOnOneVifNeverOverlapAndHostAndRecordAgree() throws Exception {
        Gated host = new Gated();
        with(host);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int me = t;
            done.add(threads.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    VIFBase vif = HostStateTest.vif(A, "tapa");
                    if ((i + me) % 2 == 0) {
                        registry.plug(vif, null);
                    } else {
                        registry.unplug(vif, null);
                    }
                    // a VIF of this thread alone: never waits for A
                    registry.plug(HostStateTest.vif("1ce6394f-cfdb-4c77-818f-ccee8a1dcd1" + me, "tap1" + me), null);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(0, host.overlaps.get());
        String last = host.calls.stream().filter(c -> c.endsWith(A)).reduce((x, y) -> y).orElseThrow();
        boolean plugged = last.startsWith("plug");
        assertEquals(plugged ? VifState.PLUGGED : VifState.UNPLUGGED, registry.vif(A).orElseThrow().state());
        assertEquals(plugged, host.host.containsKey("tapa"), "the host is as the last call left it");
    }

    @Test
    void anAsynchronousPlugHoldsNoCallerThreadAndKeepsItsPlaceInLine() throws Exception {
        Gated host = new Gated();
        with(host);
        CountDownLatch gate = new CountDownLatch(1);
        host.gates.put(A, gate);
        CompletionStage<Void> plug = registry.plugAsync(HostStateTest.vif(A, "tapa"), null);
        CompletionStage<Void> unplug = registry.unplugAsync(HostStateTest.vif(A, "tapa"), null);
        assertFalse(plug.toCompletableFuture().isDone());
        gate.countDown();
        unplug.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(plug.toCompletableFuture().isDone());
        assertEquals(List.of("plug " + A, "unplug " + A), host.calls);
        assertEquals(VifState.UNPLUGGED, registry.vif(A).orElseThrow().state());

        CompletableFuture<Void> refused = registry.plugAsync(HostStateTest.vif(B, "tapb"), null).toCompletableFuture();
        refused.get(5, TimeUnit.SECONDS);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> registry.plugAsync(HostStateTest.vif(C, "tapb"), null).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(PlugException.class, e.getCause(), "failures carry os-vif's exception, as the blocking call's");
    }

    /**
     * An asynchronous call refused before its turn (no such backend) is recorded and committed in its turn on the
     * VIF, off the caller's thread (which can be the fleet agent's OVSDB reader), and told only then.
     */
    @Test
    void anAsynchronousCallRefusedBeforeItsTurnIsRecordedInItsTurn() throws Exception {
        Gated host = new Gated();
        with(host);
        CountDownLatch gate = new CountDownLatch(1);
        host.gates.put(A, gate);
        CompletableFuture<Void> plug = registry.plugAsync(HostStateTest.vif(A, "tapa"), null).toCompletableFuture();
        VIFOpenVSwitch nowhere = HostStateTest.vif(A, "tapa");
        nowhere.setPlugin("nothing");
        CompletableFuture<Void> refused = registry.plugAsync(nowhere, null).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(refused.isDone(), "the refusal waits for the plug in flight on its VIF");
        assertEquals(VifState.PLUGGING, registry.vif(A).orElseThrow().state());
        gate.countDown();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> refused.get(5, TimeUnit.SECONDS));
        assertEquals("NoMatchingPlugin", ((org.jvif.api.OsVifException) e.getCause()).type());
        assertTrue(plug.isDone() && !plug.isCompletedExceptionally());
        VifRecord r = registry.vif(A).orElseThrow();
        assertEquals(VifState.PLUGGED, r.state());
        assertTrue(r.error().startsWith("plugging it again failed, the earlier plug stays: "), r.error());
        assertEquals(List.of("plug " + A), host.calls);
    }

    @Test
    void aBatchGoesToTheBackendInWavesOfDistinctVifsWithOneOutcomeEachInOrder() {
        List<List<String>> batches = new ArrayList<>();
        FakeHost host = new FakeHost() {
            @Override
            public List<VifOutcome> plugAll(List<VifCall> calls) {
                batches.add(calls.stream().map(c -> c.vif().getId()).toList());
                return super.plugAll(calls);
            }
        };
        with(host);
        List<VifCall> calls = List.of(new VifCall(HostStateTest.vif(A, "tapa"), null),
                new VifCall(HostStateTest.vif(B, "tapb"), null),
                new VifCall(HostStateTest.vif(A, "tapa"), null),          // A again: after the first A
                new VifCall(HostStateTest.vif(C, "tapb"), null),          // B's name: after B; refused by its mark
                new VifCall(OsVifRegistryTest.vif("nothing"), null));     // no such backend
        List<VifOutcome> out = registry.plugAll(calls);
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) {
            assertTrue(out.get(i).call() == calls.get(i), "outcomes in the calls' order");
        }
        assertNull(out.get(0).error());
        assertNull(out.get(1).error());
        assertNull(out.get(2).error());
        assertInstanceOf(PlugException.class, out.get(3).error());
        assertEquals("NoMatchingPlugin", ((org.jvif.api.OsVifException) out.get(4).error()).type());
        assertEquals(List.of(List.of(A, B), List.of(A, C)), batches);
        assertEquals(B, host.host.get("tapb").owner());
        assertEquals(List.of(A, B), registry.unplugAll(List.of(calls.get(0), calls.get(1))).stream()
                .map(o -> o.call().vif().getId()).toList());
        assertTrue(host.host.isEmpty());
    }
}
