package org.jvif.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** A fleet call's stage: blocked callers wake where it is settled, chained stages run on the callbacks executor only. */
class ReplyTest {
    /** An executor that runs nothing until told, on the thread that tells it. */
    static final class Held implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        synchronized void runAll() {
            tasks.forEach(Runnable::run);
            tasks.clear();
        }
    }

    @Test
    void aBlockedCallerWakesWhereItIsSettledWithoutTheCallbacksExecutor() throws Exception {
        Held callbacks = new Held();
        Reply<String> r = new Reply<>(callbacks);
        CompletableFuture<String> joined = CompletableFuture.supplyAsync(r::join);
        Thread.sleep(50); // the caller blocked in join
        r.settle("plugged", null);
        assertEquals("plugged", joined.get(10, TimeUnit.SECONDS));
        assertEquals("plugged", r.get());
        assertEquals("plugged", r.getNow(null));
        assertTrue(r.isDone());
        assertEquals(1, callbacks.tasks.size(), "the stage itself completes on the callbacks executor, later");
    }

    @Test
    void chainedStagesRunOnTheCallbacksExecutorNeverWhereItIsSettled() throws Exception {
        Held callbacks = new Held();
        Reply<String> r = new Reply<>(callbacks);
        AtomicReference<String> applied = new AtomicReference<>();
        AtomicReference<String> composed = new AtomicReference<>();
        AtomicReference<String> all = new AtomicReference<>();
        r.thenAccept(x -> applied.set(Thread.currentThread().getName()));
        CompletableFuture.completedFuture(1).thenCompose(x -> r).thenRun(() -> composed.set(Thread.currentThread().getName()));
        CompletableFuture.allOf(r).thenRun(() -> all.set(Thread.currentThread().getName()));
        Thread reader = new Thread(() -> r.settle("plugged", null), "ovsdb-reader test");
        reader.start();
        reader.join();
        assertEquals(null, applied.get(), "nothing chained ran on the settling thread");
        assertEquals(null, composed.get());
        assertEquals(null, all.get());
        Thread cb = new Thread(callbacks::runAll, "callbacks");
        cb.start();
        cb.join();
        assertEquals("callbacks", applied.get());
        assertEquals("callbacks", composed.get());
        assertEquals("callbacks", all.get());
        // once done, a stage chained later runs at once in its caller, as with any future
        AtomicReference<String> late = new AtomicReference<>();
        r.thenAccept(x -> late.set(Thread.currentThread().getName()));
        assertEquals(Thread.currentThread().getName(), late.get());
    }

    @Test
    void aFailureReachesBlockedAndChainedCallersAlike() throws Exception {
        Held callbacks = new Held();
        Reply<String> r = new Reply<>(callbacks);
        CompletableFuture<Throwable> chained = r.handle((x, e) -> e);
        IllegalStateException boom = new IllegalStateException("failed there");
        r.settle(null, boom);
        r.settle("plugged", null); // a later outcome changes nothing
        assertSame(boom, assertThrows(CompletionException.class, r::join).getCause());
        assertSame(boom, assertThrows(ExecutionException.class, r::get).getCause());
        assertTrue(r.isCompletedExceptionally());
        assertFalse(chained.isDone());
        callbacks.runAll();
        assertSame(boom, chained.get());
    }

    @Test
    void outcomesGivenFromOutsideSettleItAtOnce() {
        Reply<String> timedOut = new Reply<>(new Held());
        assertTrue(timedOut.completeExceptionally(new IllegalStateException("no outcome within 1 ms")));
        assertFalse(timedOut.complete("plugged"));
        assertThrows(CompletionException.class, timedOut::join);
        assertTrue(timedOut.handle((x, e) -> e != null).join(), "the stage itself is done too");

        Reply<String> cancelled = new Reply<>(new Held());
        assertTrue(cancelled.cancel(false));
        assertTrue(cancelled.isCancelled());
        assertThrows(CancellationException.class, cancelled::join);
    }

    @Test
    void anExecutorGoneCompletesTheStageWhereItIsSettled() {
        Reply<String> r = new Reply<>(t -> {
            throw new RejectedExecutionException("shut down");
        });
        AtomicReference<String> applied = new AtomicReference<>();
        r.thenAccept(applied::set);
        r.settle("plugged", null);
        assertEquals("plugged", applied.get());
    }
}
