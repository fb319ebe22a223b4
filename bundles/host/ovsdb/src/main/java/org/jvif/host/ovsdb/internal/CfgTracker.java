package org.jvif.host.ovsdb.internal;

import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>Once a wait has run out with {@code cur_cfg} standing still, ovs-vswitchd is taken as not applying
 * changes (stopped, hung, or cut off from the database): from then on every wait, those already running
 * included, gives up after {@link #STALLED_WAIT_NANOS} instead of its whole timeout, with the same message.
 * The first change of {@code cur_cfg} ends that (a restarted ovs-vswitchd applies the pending
 * {@code next_cfg} at once).
 */
final class CfgTracker implements RowListener {
    /** How long a wait lasts while ovs-vswitchd is known not to apply changes: it applies one in milliseconds. */
    static final long STALLED_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OvsdbClientImpl client;
    private final TreeMap<Long, List<CompletableFuture<Long>>> waiters = new TreeMap<>();
    private long cur = -1;
    private CompletableFuture<Void> ready;
    /** While ovs-vswitchd is taken as not applying changes: the wait that ran out (its timeout), else null. */
    private String stalledAfter;
    /** The cur_cfg it stood at then. */
    private long stalledAt;
    /** An open monitor of a caller's that tells cur_cfg ({@link MonitorImpl#tellAfterUpdates}), or null. */
    private MonitorImpl fed;

    CfgTracker(OvsdbClientImpl client) {
        this.client = client;
    }

    /**
     * Completes once cur_cfg is monitored: by a caller's monitor that tells it, or else by a monitor of the
     * tracker's own (with both, the server sends every change of cur_cfg twice).
     */
    synchronized CompletableFuture<Void> ready(Deadline deadline) {
        if (fed != null && ready == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (ready == null || ready.isCompletedExceptionally()) {
            ready = client.monitor(Map.of(TransactionImpl.OVS_TABLE, List.of("cur_cfg")), this, deadline)
                    .thenApply(m -> null);
        }
        return ready;
    }

    /** {@code m} has told cur_cfg: waits need no monitor of their own while it stays open. */
    synchronized void fedBy(MonitorImpl m) {
        if (fed == null) {
            fed = m;
        }
    }

    /** {@code m} is closed. */
    synchronized void closed(MonitorImpl m) {
        if (fed == m) {
            fed = null;
        }
    }

    @Override
    public void rowChanged(String table, Row oldRow, Row newRow) {
        if (newRow == null || !(newRow.columns().get("cur_cfg") instanceof Long c)) {
            return;
        }
        List<CompletableFuture<Long>> done = new ArrayList<>();
        synchronized (this) {
            cur = c;
            if (c != stalledAt) {
                stalledAfter = null;
            }
            Map<Long, List<CompletableFuture<Long>>> reached = waiters.headMap(c, true);
            reached.values().forEach(done::addAll);
            reached.clear();
        }
        for (CompletableFuture<Long> f : done) {
            f.complete(c);
        }
    }

    /** Whether ovs-vswitchd is taken as not applying changes (a wait ran out and cur_cfg has not moved since). */
    synchronized boolean stalled() {
        return stalledAfter != null;
    }

    /**
     * Completes with cur_cfg once it is at least {@code nextCfg}, or fails when the deadline passes (while
     * ovs-vswitchd is known not to apply changes: after {@link #STALLED_WAIT_NANOS} at most).
     */
    CompletableFuture<Long> await(long nextCfg, Deadline deadline) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        boolean capped;
        synchronized (this) {
            if (cur >= nextCfg) {
                return CompletableFuture.completedFuture(cur);
            }
            waiters.computeIfAbsent(nextCfg, k -> new ArrayList<>(1)).add(f);
            capped = stalledAfter != null;
        }
        ScheduledFuture<?> timer = schedule(f, nextCfg, deadline, capped);
        f.whenComplete((c, e) -> timer.cancel(false));
        return f;
    }

    private ScheduledFuture<?> schedule(CompletableFuture<Long> f, long nextCfg, Deadline deadline, boolean capped) {
        long delay = deadline.remainingNanos();
        return client.schedule(() -> expire(f, nextCfg, deadline, capped),
                capped ? Math.min(delay, STALLED_WAIT_NANOS) : delay, TimeUnit.NANOSECONDS);
    }

    /**
     * The wait ran out: ovs-vswitchd is taken as stalled, and the others waiting learn it soon too. A wait
     * cut short because of a stall that has ended meanwhile goes on to its own deadline.
     */
    private void expire(CompletableFuture<Long> f, long nextCfg, Deadline deadline, boolean capped) {
        boolean first;
        VswitchdTimeoutException e;
        synchronized (this) {
            if (capped && stalledAfter == null && deadline.remainingNanos() > 0 && !f.isDone()) {
                // f's completion cancels only the first timer: this one then finds f gone, harmlessly
                schedule(f, nextCfg, deadline, false);
                return;
            }
            if (!remove(f, nextCfg)) {
                return;
            }
            first = stalledAfter == null;
            if (first) {
                stalledAfter = deadline.text();
                stalledAt = cur;
            }
            // a wait that ran its whole course says so, even if another found vswitchd stalled just before
            e = timeout(nextCfg, capped ? null : deadline.text());
        }
        f.completeExceptionally(e);
        if (first) {
            client.schedule(this::expireAll, STALLED_WAIT_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Still stalled: every wait begun before that was known ends now. */
    private void expireAll() {
        Map<CompletableFuture<Long>, VswitchdTimeoutException> left = new HashMap<>();
        synchronized (this) {
            if (stalledAfter == null) {
                return;
            }
            waiters.forEach((next, fs) -> fs.forEach(f -> left.put(f, timeout(next, null))));
            waiters.clear();
        }
        left.forEach(CompletableFuture::completeExceptionally);
    }

    private synchronized boolean remove(CompletableFuture<Long> f, long nextCfg) {
        List<CompletableFuture<Long>> l = waiters.get(nextCfg);
        if (l == null || !l.remove(f)) {
            return false;
        }
        if (l.isEmpty()) {
            waiters.remove(nextCfg);
        }
        return true;
    }

    /** Called holding this lock. @param within the timeout that ran out, or null when the wait was cut short because vswitchd stalled */
    private VswitchdTimeoutException timeout(long nextCfg, String within) {
        String how = within != null ? "within " + within
                : "(it has applied no change since an earlier wait ran out after " + stalledAfter + ")";
        return new VswitchdTimeoutException("ovs-vswitchd did not apply the change " + how + " (next_cfg " + nextCfg
                + ", cur_cfg " + cur + "); the transaction was committed. Is ovs-vswitchd running and connected to the "
                + "database at " + client.remote() + "?", nextCfg, cur);
    }
}
