package org.jvif.host.ovsdb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.RowListener;
import org.jvif.host.ovsdb.VswitchdTimeoutException;

/**
 * Waits for ovs-vswitchd to apply configuration: watches {@code Open_vSwitch.cur_cfg} through a monitor set up
 * on first use, and completes each waiter once {@code cur_cfg} reaches its {@code next_cfg}.
 */
final class CfgTracker implements RowListener {
    private final OvsdbClientImpl client;
    private final TreeMap<Long, List<CompletableFuture<Long>>> waiters = new TreeMap<>();
    private long cur = -1;
    private CompletableFuture<Void> ready;

    CfgTracker(OvsdbClientImpl client) {
        this.client = client;
    }

    /** Completes once cur_cfg is monitored. */
    synchronized CompletableFuture<Void> ready(Deadline deadline) {
        if (ready == null || ready.isCompletedExceptionally()) {
            ready = client.monitor(Map.of(TransactionImpl.OVS_TABLE, List.of("cur_cfg")), this, deadline)
                    .thenApply(m -> null);
        }
        return ready;
    }

    @Override
    public void rowChanged(String table, Row oldRow, Row newRow) {
        if (newRow == null || !(newRow.columns().get("cur_cfg") instanceof Long c)) {
            return;
        }
        List<CompletableFuture<Long>> done = new ArrayList<>();
        synchronized (this) {
            cur = c;
            Map<Long, List<CompletableFuture<Long>>> reached = waiters.headMap(c, true);
            reached.values().forEach(done::addAll);
            reached.clear();
        }
        for (CompletableFuture<Long> f : done) {
            f.complete(c);
        }
    }

    /** Completes with cur_cfg once it is at least {@code nextCfg}, or fails when the deadline passes. */
    CompletableFuture<Long> await(long nextCfg, Deadline deadline) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (this) {
            if (cur >= nextCfg) {
                return CompletableFuture.completedFuture(cur);
            }
            waiters.computeIfAbsent(nextCfg, k -> new ArrayList<>(1)).add(f);
        }
        ScheduledFuture<?> timer = client.schedule(() -> {
            long seen;
            synchronized (this) {
                List<CompletableFuture<Long>> l = waiters.get(nextCfg);
                if (l != null) {
                    l.remove(f);
                    if (l.isEmpty()) {
                        waiters.remove(nextCfg);
                    }
                }
                seen = cur;
            }
            f.completeExceptionally(new VswitchdTimeoutException("ovs-vswitchd did not apply the change within "
                    + deadline.text() + " (next_cfg " + nextCfg + ", cur_cfg " + seen + "); the transaction was committed. "
                    + "Is ovs-vswitchd running and connected to the database at " + client.remote() + "?", nextCfg, seen));
        }, deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((c, e) -> timer.cancel(false));
        return f;
    }
}
