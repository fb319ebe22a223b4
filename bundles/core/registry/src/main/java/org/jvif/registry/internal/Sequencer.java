package org.jvif.registry.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One call at a time per key, in arrival order: a call names its keys (a VIF id, the names of its host
 * objects) and takes its turn once every call that arrived before it on any of those keys has left. Calls
 * with no key in common never wait for each other; the only lock is held while a call is queued or leaves
 * (a few map operations), never while it runs.
 *
 * <p>A call waits only for calls that arrived before it, so there is no deadlock whatever keys calls share.
 */
final class Sequencer {
    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    /** The last call queued on each key; guarded by this. */
    private final Map<String, Ticket> tails = new HashMap<>();

    /** A call's place in the queues of its keys. */
    final class Ticket {
        private final List<String> keys;
        private final CompletableFuture<Void> turn;
        private final CompletableFuture<Void> left = new CompletableFuture<>();

        private Ticket(List<String> keys, CompletableFuture<Void> turn) {
            this.keys = keys;
            this.turn = turn;
        }

        /** Completes when every earlier call on one of this call's keys has left. */
        CompletableFuture<Void> turn() {
            return turn;
        }

        /** Blocks until it is this call's turn. */
        void await() throws InterruptedException {
            if (turn.isDone()) {
                return;
            }
            try {
                turn.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e); // turns never fail
            }
        }

        /**
         * Lets the next calls on these keys run; exactly once, after the call ended or gave up waiting (then
         * the next calls still wait for the calls before this one).
         */
        void leave() {
            if (turn.isDone()) {
                release();
            } else {
                turn.whenComplete((v, e) -> release());
            }
        }

        private void release() {
            synchronized (Sequencer.this) {
                for (String k : keys) {
                    tails.remove(k, this);
                }
            }
            left.complete(null);
        }
    }

    /** Queues a call on {@code keys} (duplicates and nulls ignored). */
    Ticket enter(Collection<String> keys) {
        // a set: a batch's ticket may name thousands of keys
        Set<String> distinct = new LinkedHashSet<>(keys);
        distinct.remove(null);
        List<String> mine = new ArrayList<>(distinct);
        Set<CompletableFuture<Void>> before = null;
        Ticket t;
        synchronized (this) {
            CompletableFuture<Void> single = null;
            for (String k : mine) {
                Ticket prev = tails.get(k);
                if (prev != null && !prev.left.isDone()) {
                    if (single == null) {
                        single = prev.left;
                    } else if (single != prev.left) {
                        if (before == null) {
                            before = new LinkedHashSet<>();
                            before.add(single);
                        }
                        before.add(prev.left);
                    }
                }
            }
            CompletableFuture<Void> turn = before != null
                    ? CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                    : single != null ? single : NOW;
            t = new Ticket(mine, turn);
            for (String k : mine) {
                tails.put(k, t);
            }
        }
        return t;
    }

    /** Keys with a call queued or running; for tests. */
    synchronized int busyKeys() {
        return tails.size();
    }
}
