package org.jvif.backend.ovs.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvif.backend.ovs.internal.Errors.AgentError;
import org.jvif.backend.ovs.internal.Errors.PortSetupFailed;
import org.jvif.backend.ovs.internal.OvsdbPlan.Compiled;
import org.jvif.backend.ovs.internal.OvsdbPlan.PortWant;
import org.jvif.host.ovsdb.OvsdbConnectionException;
import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.OvsdbTimeoutException;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;
import org.jvif.host.ovsdb.VswitchdTimeoutException;

/**
 * Commits an {@link OvsdbPlan}: builds its transaction from the current replica, sends it (merged with
 * other callers' when batching is on), and builds it again when a guard failed (the replica was behind a
 * concurrent writer) or the connection broke (the transaction may or may not have been applied: the next
 * one is built from what the server then shows). Then, like ovs-vsctl, looks at what ovs-vswitchd reported
 * for the plan's ports.
 */
final class OvsdbRunner {
    private static final System.Logger LOG = System.getLogger(OvsdbRunner.class.getName());
    private static final int MAX_ATTEMPTS = 50;
    private static final long MAX_BACKOFF_MILLIS = 100;
    private static final long REPORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STALE_ERROR_GRACE_MILLIS = 20;
    /** For taking back a committed plug: ovsdb-server answers at once, ovs-vswitchd is not waited for. */
    private static final Duration TAKE_BACK_TIMEOUT = Duration.ofSeconds(10);

    private OvsdbRunner() {
    }

    /**
     * @param timeout the time everything, the vswitchd wait included, may take (ovs_vsctl_timeout)
     * @param waitForVswitchd return only once ovs-vswitchd applied the transaction
     * @param meanwhile run once on this thread while the first transaction is on its way (the kernel side
     *     of an unplug); what it throws is thrown once the OVSDB side is done, or added to what that threw
     */
    static void run(OvsdbPlan plan, Ovsdb ovsdb, boolean waitForVswitchd, Duration timeout, Runnable meanwhile)
            throws InterruptedException {
        Meanwhile side = new Meanwhile(meanwhile);
        try {
            run(plan, ovsdb, waitForVswitchd, timeout, side);
        } catch (RuntimeException | InterruptedException e) {
            side.run();
            side.addTo(e);
            throw e;
        }
        side.run();
        side.rethrow();
    }

    /** Work that runs once, keeping what it threw for later. */
    private static final class Meanwhile {
        private Runnable work;
        private RuntimeException failure;

        Meanwhile(Runnable work) {
            this.work = work;
        }

        void run() {
            if (work != null) {
                Runnable w = work;
                work = null;
                try {
                    w.run();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        }

        void addTo(Throwable t) {
            if (failure != null) {
                t.addSuppressed(failure);
            }
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static void run(OvsdbPlan plan, Ovsdb ovsdb, boolean waitForVswitchd, Duration timeout, Meanwhile side)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 1;
        for (int attempt = 1;; attempt++) {
            Ovsdb.Session session = await(ovsdb.session(), deadline, ovsdb.options().remote());
            Compiled c = plan.compile(session.client(), session.replica());
            if (!c.changes() && session.client().isConnected()) {
                // nothing to do by the replica; while disconnected, it may be behind: let the server check
                return;
            }
            Transaction txn = c.txn().timeout(remaining(deadline));
            if (waitForVswitchd && c.changes()) {
                txn.waitForVswitchd();
            }
            TransactionResult result;
            try {
                CompletableFuture<TransactionResult> sent = txn.commit();
                side.run();
                result = await(sent, deadline, "the OVSDB transaction");
            } catch (VswitchdTimeoutException e) {
                // committed, not applied: a plug takes back what it inserted
                throw takeBack(new AgentError(e.getMessage(), e), plan, c, ovsdb);
            } catch (OvsdbOperationException e) {
                boolean guard = e.operationIndex() >= 0 && c.guards().contains(e.operationIndex());
                // a guard failed: the replica was behind; at commit (-1): e.g. an index clash with a writer it had not seen
                if (!(guard || e.operationIndex() < 0) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backoff = pause(backoff, deadline, e);
                continue;
            } catch (OvsdbConnectionException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.log(Level.DEBUG, () -> "OVSDB connection lost during a transaction, building it again: " + e.getMessage());
                backoff = pause(backoff, deadline, e);
                continue;
            }
            if (waitForVswitchd && c.changes()) {
                try {
                    report(plan, session.replica(), result.nextCfg(), deadline);
                } catch (PortSetupFailed e) {
                    throw takeBack(e, plan, c, ovsdb);
                }
            }
            return;
        }
    }

    /**
     * A plug whose transaction {@code c} was committed but failed after: removes the ports (and the VIF's own
     * bridges) it inserted, without waiting for ovs-vswitchd, so that the failed plug leaves nothing it made;
     * rows that were there before stay. The failure comes back saying what was taken back or left.
     */
    private static RuntimeException takeBack(RuntimeException failure, OvsdbPlan plan, Compiled c, Ovsdb ovsdb)
            throws InterruptedException {
        List<String> left = new ArrayList<>();
        for (PortWant p : plan.ports) {
            if (!c.createdPorts().contains(p)) {
                left.add("port " + p.name() + " (there before this plug)");
            }
        }
        for (String b : c.createdBridges()) {
            if (!plan.ownBridges.contains(b)) {
                left.add("bridge " + b + " (shared)");
            }
        }
        StringBuilder note = new StringBuilder();
        if (plan.ports.isEmpty()) {
            note.append("; the removal stays committed, for ovs-vswitchd to apply when it can");
        }
        OvsdbPlan back = plan.takeBack(c);
        if (back != null) {
            try {
                run(back, ovsdb, false, TAKE_BACK_TIMEOUT, new Meanwhile(null));
                note.append("; taken back from OVSDB: ").append(back.drops());
            } catch (RuntimeException e) {
                note.append("; could not be taken back (").append(e.getMessage()).append("): ").append(back.drops())
                        .append(" left in OVSDB");
                failure.addSuppressed(e);
            }
        }
        if (!left.isEmpty()) {
            note.append("; left in OVSDB: ").append(String.join(", ", left));
        }
        if (failure instanceof PortSetupFailed p) {
            return p.note("", note.toString());
        }
        return ((AgentError) failure).note("", note.toString());
    }

    /** What ovs-vswitchd made of the ports, as ovs-vsctl reports it after its wait. */
    private static void report(OvsdbPlan plan, Replica replica, long nextCfg, long deadline) throws InterruptedException {
        if (plan.ports.isEmpty() || nextCfg < 0) {
            return;
        }
        try {
            // the client saw cur_cfg on its own monitor; this replica's update, with the Interface columns
            // ovs-vswitchd wrote, follows at once
            replica.cfgReached(nextCfg).get(Math.max(0, Math.min(deadline - System.nanoTime(), REPORT_WAIT_NANOS)),
                    TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "no report on the ports: the replica has not seen cur_cfg " + nextCfg);
            return;
        }
        for (PortWant p : plan.ports) {
            Optional<String> error = error(replica, p.name());
            if (error.isPresent() && p.mustWork()) {
                // the rows of one update may reach the replica in any order: an error left from an earlier
                // configuration may still be there for a moment after cur_cfg
                Thread.sleep(STALE_ERROR_GRACE_MILLIS);
                error = error(replica, p.name());
            }
            Row iface = replica.iface(p.name());
            Optional<Long> ofport = iface == null ? Optional.empty() : iface.<Long>getOptional("ofport");
            if (error.isPresent()) {
                if (p.mustWork()) {
                    throw new PortSetupFailed(p.name(), error.get());
                }
                // the device may come later (libvirt's tap, a vhost-user socket): os-vif does not look at all
                String text = error.get();
                LOG.log(Level.DEBUG, () -> "ovs-vswitchd: port " + p.name() + ": " + text);
            } else if (p.mustWork() && (ofport.isEmpty() || ofport.get() < 0)) {
                LOG.log(Level.WARNING, () -> "ovs-vswitchd has not set up port " + p.name() + " on bridge " + p.bridge()
                        + " (no OpenFlow port number): see its log");
            }
        }
    }

    private static Optional<String> error(Replica replica, String iface) {
        Row row = replica.iface(iface);
        return row == null ? Optional.empty() : row.<String>getOptional("error");
    }

    private static long pause(long backoffMillis, long deadline, OvsdbException cause) throws InterruptedException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw cause;
        }
        Thread.sleep(Math.min(backoffMillis, left));
        return Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    /** Waits for a future until the deadline, rethrowing what it failed with. */
    /** @param what what is awaited, for the message (made into text only then) */
    static <T> T await(Future<T> f, long deadline, Object what) throws InterruptedException {
        try {
            // the client enforces its own timeouts; this bound only guards against a lost completion
            return f.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new OvsdbTimeoutException("timed out waiting for " + what);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        while (t instanceof CompletionException || t instanceof ExecutionException) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new OvsdbException(String.valueOf(t), t);
    }
}
