package org.jvif.host.ovsdb.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbTimeoutException;
import org.jvif.host.ovsdb.TransactionResult;

/**
 * Merges transactions committed concurrently into one {@code transact}. While a merged transaction is in
 * flight, new ones queue; when it returns, everything queued goes out as the next one, so batches grow with
 * the load and a lone caller pays nothing. Each caller gets its own slice of the result array and its own
 * named-uuids (prefixed per caller). The vswitchd wait is shared: one next_cfg bump per merged transaction.
 *
 * <p>When the merged transaction fails, nothing was committed. If an operation failed, its owner is re-run
 * alone (so the error it gets is its own) and the others are merged again; if the commit failed as a whole
 * (e.g. a duplicate index value), every caller is re-run alone. So one caller's bad operation never fails
 * another.
 */
final class Batcher {
    /** Merged transactions in flight at once: two keep the server busy while we handle a reply. */
    private static final int MAX_IN_FLIGHT = 2;

    private final OvsdbClientImpl client;
    private final int maxOps;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private int inFlight;

    private static final class Entry {
        final TransactionImpl txn;
        final Deadline deadline;
        final CompletableFuture<TransactionResult> future = new CompletableFuture<>();
        ScheduledFuture<?> timer;

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
        e.timer = client.schedule(() -> e.future.completeExceptionally(new OvsdbTimeoutException(
                "transact timed out after " + d.text() + ": no reply from " + client.remote())),
                d.remainingNanos(), TimeUnit.NANOSECONDS);
        e.future.whenComplete((r, t) -> e.timer.cancel(false));
        List<Entry> batch;
        synchronized (this) {
            queue.add(e);
            if (inFlight >= MAX_IN_FLIGHT) {
                return e.future;
            }
            inFlight++;
            batch = drain();
        }
        send(batch);
        return e.future;
    }

    /** Takes queued entries up to the operation budget (at least one), skipping those already timed out. */
    private List<Entry> drain() {
        List<Entry> batch = new ArrayList<>();
        int ops = 0;
        while (!queue.isEmpty()) {
            Entry e = queue.peek();
            if (e.future.isDone()) {
                queue.poll();
                continue;
            }
            if (!batch.isEmpty() && ops + e.txn.ops.size() > maxOps) {
                break;
            }
            queue.poll();
            batch.add(e);
            ops += e.txn.ops.size();
        }
        return batch;
    }

    /** A merged transaction is done: send whatever queued meanwhile. */
    private void done() {
        List<Entry> batch;
        synchronized (this) {
            inFlight--;
            batch = drain();
            if (batch.isEmpty()) {
                return;
            }
            inFlight++;
        }
        send(batch);
    }

    private void send(List<Entry> batch) {
        if (batch.isEmpty()) {
            done();
            return;
        }
        if (batch.size() == 1) {
            Entry e = batch.get(0);
            client.commitDirect(e.txn, e.deadline).whenComplete((r, t) -> {
                settle(e, r, t);
                done();
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
        Json.Writer params = g -> {
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
            try {
                if (t != null) {
                    for (Entry e : batch) {
                        settle(e, null, t);
                    }
                } else {
                    handle(batch, offsets, wait, Json.array(res, "transact result"));
                }
            } finally {
                done();
            }
        });
    }

    private void handle(List<Entry> batch, int[] offsets, boolean wait, List<Object> results) {
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
            for (int i = 0; i < batch.size(); i++) {
                Entry e = batch.get(i);
                ResultImpl r = new ResultImpl(e.txn, results, offsets[i], -1);
                if (e.txn.waitForVswitchd) {
                    client.cfg().await(next, e.deadline).whenComplete((c, x) -> settle(e, x == null ? r.withNextCfg(next) : null, x));
                } else {
                    e.future.complete(r);
                }
            }
            return;
        }
        if (failed >= total) {
            // not attributable to one caller (commit-time check or the shared next_cfg operations)
            for (Entry e : batch) {
                solo(e);
            }
            return;
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
    }

    private void solo(Entry e) {
        client.io(() -> client.commitDirect(e.txn, e.deadline).whenComplete((r, t) -> settle(e, r, t)));
    }

    private static void settle(Entry e, TransactionResult r, Throwable t) {
        if (t != null) {
            e.future.completeExceptionally(OvsdbClientImpl.unwrap(t));
        } else {
            e.future.complete(r);
        }
    }

    void close(OvsdbException ex) {
        List<Entry> left;
        synchronized (this) {
            left = new ArrayList<>(queue);
            queue.clear();
        }
        for (Entry e : left) {
            e.future.completeExceptionally(ex);
        }
    }
}
