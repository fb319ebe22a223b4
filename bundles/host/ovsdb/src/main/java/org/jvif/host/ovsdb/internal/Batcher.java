package org.jvif.host.ovsdb.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbNotSentException;
import org.jvif.host.ovsdb.OvsdbTimeoutException;
import org.jvif.host.ovsdb.TransactionResult;

/**
 * Merges transactions committed concurrently into one {@code transact}. While merged transactions are in
 * flight (two at most), new ones queue; when one completes, everything queued goes out as the next one, so
 * batches grow with the load and a lone caller pays nothing. Callers released together by a completed batch
 * tend to come back together: the next batch lingers briefly (a quarter of the last batch's round trip, at
 * most {@link #MAX_LINGER_NANOS}) until as many are queued. Each caller gets its own slice of the result
 * array and its own named-uuids (prefixed per caller). The vswitchd wait is shared: one next_cfg bump per
 * merged transaction.
 *
 * <p>While a caller holds the batcher ({@link #hold()}), transactions only queue; its release shares them out
 * evenly over the free slots, so that the server works on the second while the first's reply and updates are
 * read and ovs-vswitchd applies it (1000 plugs in two transacts of 500 took 0.5-0.65 s where one of 1000 took
 * 0.6-1.1 s, alternating, at load 9).
 *
 * <p>When the merged transaction fails, nothing was committed. If an operation failed, its owner is re-run
 * alone (so the error it gets is its own) and the others are merged again; if the commit failed as a whole
 * (e.g. a duplicate index value), every caller is re-run alone. So one caller's bad operation never fails
 * another.
 */
final class Batcher {
    /** Merged transactions in flight at once: two keep the server busy while we handle a reply. */
    private static final int MAX_IN_FLIGHT = 2;
    private static final long MAX_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final OvsdbClientImpl client;
    private final int maxOps;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private int inFlight;
    /** While lingering: the queue length that ends the linger; else 0. */
    private int lingerFor;
    /** Callers holding transactions back ({@link #hold()}). */
    private int holds;
    private ScheduledFuture<?> lingerTimer;
    /** For diagnostics: transactions committed through the batcher, and the transacts that carried them. */
    private long committed;
    private long transacts;

    private static final class Entry {
        final TransactionImpl txn;
        final Deadline deadline;
        final CompletableFuture<TransactionResult> future = new CompletableFuture<>();
        ScheduledFuture<?> timer;
        /** Set once its transact is on its way. */
        volatile boolean sent;

        Entry(TransactionImpl txn, Deadline deadline) {
            this.txn = txn;
            this.deadline = deadline;
        }
    }

    Batcher(OvsdbClientImpl client, int maxOps) {
        this.client = client;
        this.maxOps = maxOps;
    }

    CompletableFuture<TransactionResult> submit(TransactionImpl txn, Deadline d) {
        Entry e = new Entry(txn, d);
        e.timer = client.schedule(() -> e.future.completeExceptionally(e.sent
                ? new OvsdbTimeoutException("transact timed out after " + d.text() + ": no reply from " + client.remote())
                : new OvsdbNotSentException("transact not sent within " + d.text() + ": it queued behind merged "
                        + "transactions still in flight (waiting for the reply of " + client.remote()
                        + ", or for ovs-vswitchd to apply them); nothing of it was committed. Is ovs-vswitchd running?")),
                d.remainingNanos(), TimeUnit.NANOSECONDS);
        e.future.whenComplete((r, t) -> e.timer.cancel(false));
        List<Entry> batch;
        synchronized (this) {
            committed++;
            queue.add(e);
            if (holds > 0) {
                return e.future;
            }
            if (lingerFor > 0) {
                if (queue.size() < lingerFor) {
                    return e.future;
                }
                stopLinger();
            } else if (inFlight >= MAX_IN_FLIGHT) {
                return e.future;
            }
            batch = take();
        }
        send(batch);
        return e.future;
    }

    /** Until {@link #release()}: transactions committed meanwhile queue, to be sent merged. */
    synchronized void hold() {
        holds++;
    }

    /** The last release sends what queued meanwhile, as merged transacts of even shares in the free slots. */
    void release() {
        List<List<Entry>> batches = new ArrayList<>();
        synchronized (this) {
            if (--holds > 0) {
                return;
            }
            stopLinger();
            int free = MAX_IN_FLIGHT - inFlight;
            int share = free <= 0 ? queue.size() : (queue.size() + free - 1) / free;
            while (inFlight < MAX_IN_FLIGHT) {
                List<Entry> batch = take(share);
                if (batch.isEmpty()) {
                    break;
                }
                batches.add(batch);
            }
        }
        batches.forEach(this::send);
    }

    /** Takes queued entries up to the operation budget (at least one), skipping those already timed out. */
    private List<Entry> take() {
        return take(Integer.MAX_VALUE);
    }

    /** {@link #take()}, at most {@code most} entries. */
    private List<Entry> take(int most) {
        List<Entry> batch = new ArrayList<>();
        int ops = 0;
        while (!queue.isEmpty()) {
            Entry e = queue.peek();
            if (e.future.isDone() || e.deadline.remainingNanos() <= 0) {
                // its timer says it was not sent
                queue.poll();
                continue;
            }
            if (!batch.isEmpty() && (ops + e.txn.ops.size() > maxOps || batch.size() >= most)) {
                break;
            }
            queue.poll();
            batch.add(e);
            ops += e.txn.ops.size();
        }
        if (!batch.isEmpty()) {
            inFlight++;
            transacts++;
        }
        return batch;
    }

    private void stopLinger() {
        lingerFor = 0;
        if (lingerTimer != null) {
            lingerTimer.cancel(false);
            lingerTimer = null;
        }
    }

    /**
     * A merged transaction is settled: send whatever queued meanwhile, or, if it released several callers
     * that have not come back yet, linger for them.
     */
    private void done(int released, long startNanos) {
        List<Entry> batch;
        synchronized (this) {
            inFlight--;
            if (lingerFor > 0 || holds > 0) {
                return;
            }
            if (released > 1 && queue.size() < released) {
                lingerFor = released;
                long linger = Math.min((System.nanoTime() - startNanos) / 4, MAX_LINGER_NANOS);
                lingerTimer = client.schedule(this::lingerOver, linger, TimeUnit.NANOSECONDS);
                return;
            }
            if (inFlight >= MAX_IN_FLIGHT) {
                return;
            }
            batch = take();
        }
        send(batch);
    }

    private void lingerOver() {
        List<Entry> batch;
        synchronized (this) {
            if (lingerFor == 0) {
                return;
            }
            stopLinger();
            if (holds > 0) {
                return;
            }
            if (inFlight >= MAX_IN_FLIGHT) {
                return;
            }
            batch = take();
        }
        // off the timer thread: encoding and writing a big batch would hold up timeouts
        client.io(() -> send(batch));
    }

    private void send(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        for (Entry e : batch) {
            e.sent = true;
        }
        if (batch.size() == 1) {
            Entry e = batch.get(0);
            direct(e).whenComplete((r, t) -> {
                settle(e, r, t);
                done(1, start);
            });
            return;
        }
        boolean cfg = false;
        Deadline d = batch.get(0).deadline;
        int[] offsets = new int[batch.size() + 1];
        for (int i = 0; i < batch.size(); i++) {
            Entry e = batch.get(i);
            cfg |= e.txn.waitForVswitchd;
            d = d.later(e.deadline);
            offsets[i + 1] = offsets[i] + e.txn.ops.size();
        }
        boolean wait = cfg;
        Deadline deadline = d;
        String db = client.schema().name();
        JsonStream.Writer params = g -> {
            g.writeStartArray();
            g.writeString(db);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).txn.writeOps(g, "b" + i + "_");
            }
            if (wait) {
                TransactionImpl.writeCfgOps(g);
            }
            g.writeEndArray();
        };
        CompletableFuture<Object> sent = wait
                ? client.cfg().ready(deadline).thenCompose(x -> client.call("transact", params, deadline, true))
                : client.call("transact", params, deadline, true);
        sent.whenComplete((res, t) -> {
            if (t != null) {
                for (Entry e : batch) {
                    settle(e, null, t);
                }
                done(1, start);
                return;
            }
            CompletableFuture<?> settled;
            try {
                settled = handle(batch, offsets, wait, JsonStream.array(res, "transact result"));
            } catch (RuntimeException e) {
                for (Entry x : batch) {
                    settle(x, null, e);
                }
                settled = null;
            }
            if (settled == null) {
                done(1, start);
            } else {
                settled.whenComplete((x, y) -> done(batch.size(), start));
            }
        });
    }

    /** Hands out the results; returns when every caller is settled, or null if some were sent back. */
    private CompletableFuture<?> handle(List<Entry> batch, int[] offsets, boolean wait, List<Object> results) {
        int total = offsets[batch.size()];
        int n = total + (wait ? TransactionImpl.CFG_OPS.length : 0);
        int failed = -1;
        for (int i = 0; i < n && i < results.size(); i++) {
            if (results.get(i) instanceof Map<?, ?> m && m.get("error") != null) {
                failed = i;
                break;
            }
        }
        if (failed < 0 && ResultImpl.commitError(results, n) != null) {
            failed = n;
        }
        if (failed < 0) {
            long next = wait ? ResultImpl.nextCfg(results, total + 1) : -1;
            List<CompletableFuture<?>> waits = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Entry e = batch.get(i);
                ResultImpl r = new ResultImpl(e.txn, results, offsets[i], -1);
                if (e.txn.waitForVswitchd) {
                    // the reply is in: from here only the vswitchd wait can run out, and it says so itself
                    e.timer.cancel(false);
                    waits.add(client.cfg().await(next, e.deadline)
                            .whenComplete((c, x) -> settle(e, x == null ? r.withNextCfg(next) : null, x)));
                } else {
                    e.future.complete(r);
                }
            }
            return CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
        }
        if (failed >= total) {
            // not attributable to one caller (commit-time check or the shared next_cfg operations)
            for (Entry e : batch) {
                solo(e);
            }
            return null;
        }
        int owner = 0;
        while (offsets[owner + 1] <= failed) {
            owner++;
        }
        solo(batch.get(owner));
        synchronized (this) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (i != owner) {
                    queue.addFirst(batch.get(i));
                }
            }
        }
        return null;
    }

    private void solo(Entry e) {
        client.io(() -> direct(e).whenComplete((r, t) -> settle(e, r, t)));
    }

    /** A transaction on its own: commitDirect keeps its deadline, and says whether the reply or vswitchd ran out. */
    private CompletableFuture<TransactionResult> direct(Entry e) {
        e.timer.cancel(false);
        return client.commitDirect(e.txn, e.deadline);
    }

    private static void settle(Entry e, TransactionResult r, Throwable t) {
        if (t != null) {
            e.future.completeExceptionally(OvsdbClientImpl.unwrap(t));
        } else {
            e.future.complete(r);
        }
    }

    @Override
    public synchronized String toString() {
        return "batcher: " + committed + " transactions in " + transacts + " merged transacts";
    }

    void close(OvsdbException ex) {
        List<Entry> left;
        synchronized (this) {
            stopLinger();
            left = new ArrayList<>(queue);
            queue.clear();
        }
        for (Entry e : left) {
            e.future.completeExceptionally(ex);
        }
    }
}
