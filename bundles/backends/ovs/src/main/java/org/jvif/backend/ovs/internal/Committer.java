package org.jvif.backend.ovs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvif.api.OsVifException;
import org.jvif.backend.ovs.internal.OvsExceptions.AgentError;
import org.jvif.backend.ovs.internal.OvsExceptions.PortSetupFailed;
import org.jvif.backend.ovs.internal.OvsdbPlan.Compiled;
import org.jvif.backend.ovs.internal.OvsdbPlan.PortWant;
import org.jvif.host.ovsdb.OvsdbConnectionException;
import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbNotSentException;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.OvsdbTimeoutException;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;
import org.jvif.host.ovsdb.VswitchdTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits an {@link OvsdbPlan}, what os-vif's {@code ovsdb_lib.BaseOVS} calls do one transaction each: builds its transaction from the current replica, sends it (merged with
 * other callers' when batching is on), and builds it again when a guard failed (the replica was behind a
 * concurrent writer) or the connection broke (the transaction may or may not have been applied: the next
 * one is built from what the server then shows). Then, like ovs-vsctl, looks at what ovs-vswitchd reported
 * for the plan's ports.
 */
final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    private static final int MAX_ATTEMPTS = 50;
    private static final long MAX_BACKOFF_MILLIS = 100;
    private static final long REPORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STALE_ERROR_GRACE_MILLIS = 20;
    /** For taking back a committed plug: ovsdb-server answers at once, ovs-vswitchd is not waited for. */
    private static final Duration TAKE_BACK_TIMEOUT = Duration.ofSeconds(10);

    private Committer() {
    }

    /**
     * @param timeout the time everything, the vswitchd wait included, may take (ovs_vsctl_timeout)
     * @param waitForVswitchd return only once ovs-vswitchd applied the transaction
     * @param meanwhile run once on this thread while the first transaction is on its way (the kernel side
     *     of an unplug); what it throws is thrown once the OVSDB side is done, or added to what that threw
     */
    static void run(OvsdbPlan plan, Connection ovsdb, boolean waitForVswitchd, Duration timeout, Runnable meanwhile)
            throws InterruptedException {
        Meanwhile side = new Meanwhile(meanwhile);
        try {
            CompletableFuture<Void> done = runAsync(plan, ovsdb, waitForVswitchd, timeout);
            side.run();
            await(done, System.nanoTime() + timeout.toNanos(), "the OVSDB transaction");
        } catch (RuntimeException | InterruptedException e) {
            side.run();
            side.addTo(e);
            throw e;
        }
        side.run();
        side.rethrow();
    }

    /** Work that runs once, keeping what it threw for later. */
    static final class Meanwhile {
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

    /**
     * The plan carried out without holding a thread: every stage runs where the future before it completed
     * (the OVSDB client's reader thread, or the timer of a pause) and none blocks. Completes exceptionally
     * with what {@link #run} would throw.
     */
    static CompletableFuture<Void> runAsync(OvsdbPlan plan, Connection ovsdb, boolean waitForVswitchd, Duration timeout) {
        Attempts a = new Attempts(plan, ovsdb, waitForVswitchd, System.nanoTime() + timeout.toNanos());
        a.next();
        return a.done;
    }

    /** The attempts of one plan: built again from the replica after a failed guard or a lost connection. */
    private static final class Attempts {
        final OvsdbPlan plan;
        final Connection ovsdb;
        final boolean waitForVswitchd;
        final long deadline;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int attempt;
        long backoff = 1;
        /** What attempts whose outcome is unknown (no reply: connection lost, timed out) would have inserted; null while none. */
        List<PortWant> maybePorts;
        List<String> maybeBridges;

        Attempts(OvsdbPlan plan, Connection ovsdb, boolean waitForVswitchd, long deadline) {
            this.plan = plan;
            this.ovsdb = ovsdb;
            this.waitForVswitchd = waitForVswitchd;
            this.deadline = deadline;
        }

        void next() {
            attempt++;
            bounded(ovsdb.session(), deadline, ovsdb.options().remote()).whenComplete((session, t) -> {
                if (t != null) {
                    fail(unwrap(t));
                    return;
                }
                try {
                    send(session);
                } catch (RuntimeException e) {
                    fail(e);
                } catch (Error e) {
                    done.completeExceptionally(e);
                }
            });
        }

        private void send(Connection.Session session) {
            Compiled c = plan.compile(session.client(), session.replica());
            if (!c.changes() && session.client().isConnected()) {
                // nothing to do by the replica; while disconnected, it may be behind: let the server check
                done.complete(null);
                return;
            }
            Transaction txn = c.txn().timeout(remaining(deadline));
            boolean wait = waitForVswitchd && c.changes();
            if (wait) {
                txn.waitForVswitchd();
            }
            // bounded by the client's own timers (the reply's, the vswitchd wait's: the transaction's timeout), not
            // by one of ours: arming a timer of the JDK's here woke its thread as ovsdb-server began on the transaction
            txn.commit().whenComplete((result, t) -> {
                try {
                    if (t == null) {
                        if (wait) {
                            reported(session, c, result.nextCfg());
                        } else {
                            done.complete(null);
                        }
                    } else {
                        failed(c, unwrap(t));
                    }
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            });
        }

        private void failed(Compiled c, Throwable t) {
            if (t instanceof VswitchdTimeoutException e) {
                // committed, not applied: a plug takes back what it inserted
                takeBack(new AgentError(e.getMessage(), e), plan, withMaybe(c), ovsdb).whenComplete((x, y) -> done.completeExceptionally(x));
                return;
            }
            boolean again;
            if (t instanceof OvsdbOperationException e) {
                boolean guard = e.operationIndex() >= 0 && c.guards().contains(e.operationIndex());
                // a guard failed: the replica was behind; at commit (-1): e.g. an index clash with a writer it had not seen
                again = guard || e.operationIndex() < 0;
            } else if (t instanceof OvsdbConnectionException e) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("OVSDB connection lost during a transaction, building it again: " + e.getMessage());
                }
                again = true;
            } else {
                again = false;
            }
            if (t instanceof OvsdbConnectionException
                    || t instanceof OvsdbTimeoutException && !(t instanceof OvsdbNotSentException)) {
                // no reply: committed or not, only the server can tell
                maybeMade(c);
            }
            long left = deadline - System.nanoTime();
            if (!again || attempt >= MAX_ATTEMPTS || left <= 0) {
                fail(t);
                return;
            }
            long pause = Math.min(TimeUnit.MILLISECONDS.toNanos(backoff), left);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            CompletableFuture.runAsync(this::next, CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS));
        }

        /** Once the replica has seen ovs-vswitchd's report, looks at the ports as ovs-vsctl does. */
        private void reported(Connection.Session session, Compiled c, long nextCfg) {
            // ports whose device may come later (a VIFOpenVSwitch's tap) fail nothing: with nothing to log, no
            // wait for the replica's update either (the raw floor waits for cur_cfg alone)
            if (plan.ports.isEmpty() || nextCfg < 0 || plan.ports.stream().noneMatch(PortWant::mustWork) && !LOG.isDebugEnabled()) {
                done.complete(null);
                return;
            }
            long wait = Math.max(0, Math.min(deadline - System.nanoTime(), REPORT_WAIT_NANOS));
            // the client saw cur_cfg on its own monitor; this replica's update, with the Interface columns
            // ovs-vswitchd wrote, follows at once
            session.replica().cfgReached(nextCfg).orTimeout(wait, TimeUnit.NANOSECONDS).whenComplete((x, t) -> {
                if (t != null) {
                    LOG.debug("no report on the ports: the replica has not seen cur_cfg " + nextCfg);
                    done.complete(null);
                    return;
                }
                if (plan.ports.stream().anyMatch(p -> p.mustWork() && error(session.replica(), p.name()).isPresent())) {
                    // the rows of one update may reach the replica in any order: an error left from an earlier
                    // configuration may still be there for a moment after cur_cfg
                    CompletableFuture.runAsync(() -> report(session, c), CompletableFuture.delayedExecutor(
                            STALE_ERROR_GRACE_MILLIS, TimeUnit.MILLISECONDS));
                } else {
                    report(session, c);
                }
            });
        }

        private void report(Connection.Session session, Compiled c) {
            try {
                Committer.report(plan, session.replica());
                done.complete(null);
            } catch (PortSetupFailed e) {
                takeBack(e, plan, withMaybe(c), ovsdb).whenComplete((x, y) -> done.completeExceptionally(x));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }

        private void maybeMade(Compiled c) {
            if (maybePorts == null) {
                maybePorts = new ArrayList<>();
                maybeBridges = new ArrayList<>();
            }
            c.createdPorts().stream().filter(p -> !maybePorts.contains(p)).forEach(maybePorts::add);
            c.createdBridges().stream().filter(b -> !maybeBridges.contains(b)).forEach(maybeBridges::add);
        }

        /** {@code c}, with what earlier attempts of unknown outcome may have inserted: the failed plug made that too. */
        private Compiled withMaybe(Compiled c) {
            if (maybePorts == null) {
                return c;
            }
            List<PortWant> ports = new ArrayList<>(maybePorts);
            c.createdPorts().stream().filter(p -> !ports.contains(p)).forEach(ports::add);
            List<String> bridges = new ArrayList<>(maybeBridges);
            c.createdBridges().stream().filter(b -> !bridges.contains(b)).forEach(bridges::add);
            return new Compiled(c.txn(), c.guards(), c.changes(), ports, bridges);
        }

        /** The call failed: after an attempt of unknown outcome, first what the server says it holds. */
        private void fail(Throwable t) {
            if (maybePorts == null || t instanceof OsVifException || !(t instanceof RuntimeException r)) {
                done.completeExceptionally(t);
                return;
            }
            AgentError e = new AgentError("OVSDB " + ovsdb.options().remote() + ": " + r.getMessage(), r);
            unknownOutcome(e, plan, maybePorts, maybeBridges, ovsdb, deadline)
                    .whenComplete((x, y) -> done.completeExceptionally(x));
        }
    }

    /**
     * A call failed after a transaction whose reply never came: reads from the server whether the rows the
     * plug would have inserted ({@code ports}, {@code bridges}) are there marked as its VIF's, and takes them back;
     * for a removal, says whether its ports are still there. Within the call's time (at least a second): a
     * server not back by then leaves the outcome unknown, and the error says what may be left. Completes (never
     * exceptionally) with the failure, saying so.
     */
    private static CompletableFuture<RuntimeException> unknownOutcome(AgentError failure, OvsdbPlan plan,
            List<PortWant> ports, List<String> bridges, Connection ovsdb, long deadline) {
        boolean plug = !plan.ports.isEmpty();
        List<String> portNames = new ArrayList<>();
        if (plug) {
            ports.forEach(p -> portNames.add(p.name()));
        } else {
            plan.portDrops.forEach(d -> portNames.add(d.name()));
        }
        List<String> bridgeNames = plug ? bridges : plan.bridgeDrops;
        if (portNames.isEmpty() && bridgeNames.isEmpty()) {
            return CompletableFuture.completedFuture(failure.note("", plug
                    ? "; its ports were there before this plug: nothing of it to take back"
                    : "; whether OVSDB committed it is unknown"));
        }
        Duration budget = remaining(deadline).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining(deadline);
        long until = System.nanoTime() + budget.toNanos();
        String what = names(portNames, bridgeNames);
        return bounded(ovsdb.session(), until, ovsdb.options().remote()).thenCompose(session -> {
            // its reply follows the monitor's contents on this session: the replica is then as fresh as the answer
            Transaction t = session.client().transaction();
            List<Transaction.Select> selects = new ArrayList<>();
            portNames.forEach(n -> selects.add(t.select("Port").where("name", n).columns("name", "external_ids")));
            bridgeNames.forEach(n -> selects.add(t.select("Bridge").where("name", n).columns("name", "external_ids")));
            return bounded(t.timeout(remaining(until)).commit(), until, "the OVSDB read").thenApply(r -> {
                List<String> there = new ArrayList<>();
                selects.forEach(s -> r.rows(s).stream()
                        .filter(row -> !plug || plan.owner == null || plan.owner.equals(Replica.owner(row)))
                        .forEach(row -> there.add(row.getString("name"))));
                return there;
            });
        }).handle((there, x) -> {
            if (x != null) {
                failure.addSuppressed(unwrap(x));
                String note = plug ? "; whether OVSDB committed the plug is unknown (no reply, and "
                        + ovsdb.options().remote() + " did not answer again within the call's time): " + what
                        + " may be left in OVSDB, marked as VIF " + plan.owner + "'s (vif:check lists them as orphans, vif:gc removes them)"
                        : "; whether OVSDB committed the removal is unknown (no reply, and "
                        + ovsdb.options().remote() + " did not answer again within the call's time): " + what + " may still be in OVSDB";
                return CompletableFuture.completedFuture((RuntimeException) failure.note("", note));
            }
            if (!plug) {
                return CompletableFuture.completedFuture((RuntimeException) failure.note("", there.isEmpty()
                        ? "; OVSDB shows the removal committed: " + what + " gone"
                        : "; OVSDB shows the removal not committed: " + names(there, List.of()) + " still there"));
            }
            if (there.isEmpty()) {
                return CompletableFuture.completedFuture((RuntimeException) failure.note("",
                        "; OVSDB shows nothing of it committed"));
            }
            // a transaction is all or nothing: one of its rows there, marked as the VIF's, and it was committed
            return takeBack(failure, plan, new Compiled(null, Set.of(), true, ports, bridges), ovsdb);
        }).thenCompose(f -> f);
    }

    private static String names(List<String> ports, List<String> bridges) {
        List<String> out = new ArrayList<>();
        ports.forEach(p -> out.add("port " + p));
        bridges.forEach(b -> out.add("bridge " + b));
        return String.join(", ", out);
    }

    /**
     * A plug whose transaction {@code c} was committed but failed after: removes the ports (and the VIF's own
     * bridges) it inserted, without waiting for ovs-vswitchd, so that the failed plug leaves nothing it made;
     * rows that were there before stay. Completes (never exceptionally) with the failure, saying what was
     * taken back or left.
     */
    private static CompletableFuture<RuntimeException> takeBack(RuntimeException failure, OvsdbPlan plan, Compiled c,
            Connection ovsdb) {
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
        String before = plan.ports.isEmpty() ? "; the removal stays committed, for ovs-vswitchd to apply when it can" : "";
        String after = left.isEmpty() ? "" : "; left in OVSDB: " + String.join(", ", left);
        OvsdbPlan back = plan.takeBack(c);
        CompletableFuture<String> note = back == null ? CompletableFuture.completedFuture("")
                : runAsync(back, ovsdb, false, TAKE_BACK_TIMEOUT).handle((x, t) -> {
                    if (t == null) {
                        return "; taken back from OVSDB: " + back.drops();
                    }
                    failure.addSuppressed(unwrap(t));
                    return "; could not be taken back (" + unwrap(t).getMessage() + "): " + back.drops() + " left in OVSDB";
                });
        return note.thenApply(n -> {
            String text = before + n + after;
            return failure instanceof PortSetupFailed p ? p.note("", text) : ((AgentError) failure).note("", text);
        });
    }

    /** What ovs-vswitchd made of the ports, as ovs-vsctl reports it after its wait. */
    private static void report(OvsdbPlan plan, Replica replica) {
        for (PortWant p : plan.ports) {
            Optional<String> error = error(replica, p.name());
            Row iface = replica.iface(p.name());
            Optional<Long> ofport = iface == null ? Optional.empty() : iface.<Long>getOptional("ofport");
            if (error.isPresent()) {
                if (p.mustWork()) {
                    throw new PortSetupFailed(p.name(), error.get());
                }
                // the device may come later (libvirt's tap, a vhost-user socket): os-vif does not look at all
                String text = error.get();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("ovs-vswitchd: port " + p.name() + ": " + text);
                }
            } else if (p.mustWork() && (ofport.isEmpty() || ofport.get() < 0)) {
                LOG.warn("ovs-vswitchd has not set up port " + p.name() + " on bridge " + p.bridge()
                        + " (no OpenFlow port number): see its log");
            }
        }
    }

    private static Optional<String> error(Replica replica, String iface) {
        Row row = replica.iface(iface);
        return row == null ? Optional.empty() : row.<String>getOptional("error");
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

    /** The future, failing with a timeout once the deadline (and a margin) has passed: guards against a lost completion. */
    static <T> CompletableFuture<T> bounded(CompletableFuture<T> f, long deadline, Object what) {
        if (f.isDone()) {
            // settled (the session, mostly): no timer, whose arming wakes the JDK's delay thread
            return f.copy();
        }
        long wait = Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5);
        return f.copy().orTimeout(wait, TimeUnit.NANOSECONDS).exceptionally(t -> {
            if (unwrap(t) instanceof TimeoutException) {
                f.cancel(false);
                throw new OvsdbTimeoutException("timed out waiting for " + what);
            }
            throw t instanceof CompletionException ce ? ce : new CompletionException(t);
        });
    }

    /** The cause a completion stage failed with, out of its wrappers. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
