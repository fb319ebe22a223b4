package org.jvif.host.ovsdb.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.jvif.host.ovsdb.ColumnSchema;
import org.jvif.host.ovsdb.Condition;
import org.jvif.host.ovsdb.DatabaseSchema;
import org.jvif.host.ovsdb.Monitor;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnectionException;
import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.OvsdbNotSentException;
import org.jvif.host.ovsdb.OvsdbTimeoutException;
import org.jvif.host.ovsdb.Remote;
import org.jvif.host.ovsdb.RowListener;
import org.jvif.host.ovsdb.TableSchema;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client: owns the current {@link Session}, reconnects with exponential backoff, queues requests while
 * disconnected, times every request out, probes an idle connection, and re-establishes monitors.
 * Threads: one reader per session, a timer for timeouts/probes/backoff, and an "io" thread for connecting
 * and for any write that would otherwise happen on a reader thread.
 */
public final class OvsdbClientImpl implements OvsdbClient {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbClientImpl.class);
    /** How often an outage is logged again while it lasts. */
    private static final long STILL_DOWN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final OvsdbOptions options;
    private final List<Remote> remotes;
    /** The remote of the current connection, or of the last attempt. */
    private volatile Remote remote;
    /** Index of the remote the next attempt goes to; how many attempts failed since the last connection. */
    private int next;
    private int failedInRound;
    private final ServerWatch server;
    /** Whether monitors use monitor_cond_since (Open vSwitch 2.12+), resuming from the last transaction seen. */
    private volatile boolean condSince = true;
    private final SSLContext ssl;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService io;
    private final Object lock = new Object();
    private Session current;
    private Session ready;
    private final Set<Request> waiting = new LinkedHashSet<>();
    private Throwable lastError;
    private long backoffNanos;
    /** Guarded by lock: when the connection went down (or the first attempt failed), 0 while up. */
    private long downSince;
    /** Guarded by lock: when the outage was last logged. */
    private long downLogged;
    private boolean closed;
    private volatile DatabaseSchema schema;
    private final CompletableFuture<OvsdbClient> connected = new CompletableFuture<>();
    private final Map<String, MonitorImpl> monitors = new ConcurrentHashMap<>();
    private final AtomicLong monitorIds = new AtomicLong();
    private final CfgTracker cfg = new CfgTracker(this);
    private final Batcher batcher;

    private OvsdbClientImpl(OvsdbOptions options) {
        this.options = options;
        this.remotes = options.remotes();
        this.remote = remotes.get(0);
        this.ssl = remotes.stream().anyMatch(r -> r.kind() == Remote.Kind.SSL)
                ? Pem.sslContext(options.privateKey(), options.certificate(), options.caCertificate()) : null;
        // with one remote there is nowhere else to go: a follower forwards writes to the leader
        this.server = new ServerWatch(options.database(), options.leaderOnly() && remotes.size() > 1);
        String name = remote.toString();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "ovsdb-timer " + name));
        timer.setRemoveOnCancelPolicy(true);
        this.io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, "ovsdb-io " + name));
        this.batcher = options.batching() ? new Batcher(this, options.batchMaxOperations()) : null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static CompletableFuture<OvsdbClient> connectAsync(OvsdbOptions options) {
        OvsdbClientImpl c;
        try {
            c = new OvsdbClientImpl(options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Duration t = options.timeout();
        c.timer.schedule(() -> {
            String why;
            synchronized (c.lock) {
                why = c.lastError == null ? "no reply" : describe(c.lastError);
            }
            if (c.connected.completeExceptionally(new OvsdbConnectionException("could not connect to "
                    + (c.remotes.size() == 1 ? c.remote : "any of " + c.remotes)
                    + " (database " + options.database() + ") within " + Deadline.in(t).text() + ": " + why))) {
                c.close();
            }
        }, t.toNanos(), TimeUnit.NANOSECONDS);
        long probe = options.inactivityProbe().toNanos();
        if (probe > 0) {
            long period = Math.max(probe / 4, TimeUnit.MILLISECONDS.toNanos(50));
            c.timer.scheduleAtFixedRate(c::probe, period, period, TimeUnit.NANOSECONDS);
        }
        c.connected.whenComplete((client, e) -> {
            if (e instanceof CancellationException) {
                c.close();
            }
        });
        c.io.execute(c::attempt);
        return c.connected;
    }

    public static OvsdbClient connect(OvsdbOptions options) {
        try {
            return connectAsync(options).get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbConnectionException("interrupted while connecting to " + options.remote());
        }
    }

    static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new OvsdbException(String.valueOf(t), t);
    }

    private static String describe(Throwable t) {
        t = unwrap(t);
        return t instanceof OvsdbException ? t.getMessage() : t.toString();
    }

    @Override
    public Remote remote() {
        return remote;
    }

    @Override
    public OvsdbOptions options() {
        return options;
    }

    @Override
    public DatabaseSchema schema() {
        return schema;
    }

    @Override
    public boolean isConnected() {
        synchronized (lock) {
            return ready != null && !ready.isDead();
        }
    }

    // ---- connection life cycle ----

    /** One connection attempt (on the io thread): connect, start reading, fetch the schema. */
    private void attempt() {
        Remote target;
        synchronized (lock) {
            if (closed || current != null) {
                return;
            }
            target = remotes.get(next);
            next = (next + 1) % remotes.size();
            remote = target;
        }
        Transport t;
        try {
            t = Transport.open(target, ssl, (int) Math.min(options.timeout().toMillis(), 30_000));
        } catch (Exception e) {
            down(null, e);
            return;
        }
        Session s = new Session(this, t);
        synchronized (lock) {
            if (closed) {
                t.close();
                return;
            }
            current = s;
        }
        s.start();
        Request r = new Request("get_schema", g -> {
            g.writeStartArray();
            g.writeString(options.database());
            g.writeEndArray();
        }, Deadline.in(options.timeout()), false, null);
        arm(r);
        // pipelined with get_schema: is this member one to use (for a clustered database)?
        Request sr = new Request("monitor", g -> server.writeParams(g), Deadline.in(options.timeout()), false, null);
        arm(sr);
        if (s.send(r) && s.send(sr)) {
            CompletableFuture<Throwable> srv = sr.future.handle((res, err) -> {
                try {
                    return err != null ? err : verdict(server.verdict(res, true));
                } catch (RuntimeException e) {
                    return e; // a malformed _Server row: not a member to use
                }
            });
            r.future.handle((res, err) -> new Object[] {res, err})
                    .thenCombine(srv, (a, v) -> new Object[] {a[0], a[1], v})
                    .thenAcceptAsync(a -> handshake(s, a[0], (Throwable) a[1], (Throwable) a[2]), io);
        }
    }

    private OvsdbConnectionException verdict(String refusal) {
        return refusal == null ? null : new OvsdbConnectionException(remote + " " + refusal);
    }

    private void handshake(Session s, Object result, Throwable err, Throwable refused) {
        DatabaseSchema sch;
        try {
            if (err != null) {
                throw unwrap(err);
            }
            sch = SchemaParser.parse(result);
        } catch (RuntimeException e) {
            s.fail(new OvsdbConnectionException("get_schema " + options.database() + " failed: " + describe(e)));
            return;
        }
        if (refused != null && !ServerWatch.unknownServerDb(refused)) {
            s.fail(refused);
            return;
        }
        schema = sch;
        // monitors first: their new initial contents then precede every later reply on this session
        for (MonitorImpl m : monitors.values()) {
            Request mr = monitorRequest(m, Deadline.in(options.timeout()));
            mr.future.whenComplete((x, e) -> {
                if (e != null) {
                    LOG.warn("could not re-establish " + m + " on " + remote + ": " + describe(e));
                }
            });
            arm(mr);
            s.send(mr);
        }
        List<Request> flush;
        long outage;
        synchronized (lock) {
            if (closed || s.isDead()) {
                return;
            }
            ready = s;
            backoffNanos = 0;
            failedInRound = 0;
            flush = new ArrayList<>(waiting);
            waiting.clear();
            outage = downSince == 0 ? 0 : System.nanoTime() - downSince;
            downSince = 0;
        }
        // state changes only: connected, lost, still down every few minutes, back
        LOG.info(outage == 0 ? "connected to " + remote
                : "connected to " + remote + " again, after " + TimeUnit.NANOSECONDS.toSeconds(outage) + " s without");
        for (Request r : flush) {
            dispatch(r);
        }
        connected.complete(this);
    }

    /** The session died (s != null) or a connection attempt failed (s == null): retry after a backoff. */
    void sessionDown(Session s, Throwable cause) {
        down(s, cause);
    }

    private void down(Session s, Throwable cause) {
        long delay;
        long outage = -1; // -1: nothing to say above DEBUG; 0: the outage starts; else how long it lasts
        synchronized (lock) {
            if (s != null) {
                if (current != s) {
                    return;
                }
                current = null;
                if (ready == s) {
                    ready = null;
                }
            }
            lastError = cause;
            if (closed) {
                return;
            }
            if (++failedInRound < remotes.size()) {
                delay = 0; // the next member at once; back off once each was tried
            } else {
                failedInRound = 0;
                long min = options.backoffMin().toNanos();
                backoffNanos = backoffNanos == 0 ? min : Math.min(backoffNanos * 2, options.backoffMax().toNanos());
                delay = backoffNanos;
            }
            long now = System.nanoTime();
            if (downSince == 0) {
                downSince = now;
                downLogged = now;
                outage = 0;
            } else if (now - downLogged >= STILL_DOWN_EVERY_NANOS) {
                downLogged = now;
                outage = now - downSince;
            }
        }
        // a state change is a WARNING (lost; still down every few minutes), each retry only DEBUG
        String retry = (s == null ? "cannot connect to " : "connection to ") + remote + (s == null ? "" : " lost")
                + ": " + describe(cause) + "; retrying in " + TimeUnit.NANOSECONDS.toMillis(delay) + " ms";
        if (outage == 0) {
            LOG.warn(retry + " (and with backoff up to "
                    + options.backoffMax().toMillis() + " ms; said again every "
                    + TimeUnit.NANOSECONDS.toMinutes(STILL_DOWN_EVERY_NANOS) + " min while down)");
        } else if (outage > 0) {
            LOG.warn(remote + " still down after " + TimeUnit.NANOSECONDS.toMinutes(outage)
                    + " min: " + describe(cause) + "; retrying");
        } else {
            LOG.debug(retry);
        }
        try {
            timer.schedule(() -> io(this::attempt), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Inactivity probe: echo after an idle interval, give up after a second one without any message. */
    private void probe() {
        Session s;
        synchronized (lock) {
            s = current;
        }
        if (s == null || s.isDead()) {
            return;
        }
        long probe = options.inactivityProbe().toNanos();
        long idle = System.nanoTime() - s.lastReceived;
        if (idle >= 2 * probe) {
            s.fail(new OvsdbConnectionException("no message from " + remote + " for "
                    + TimeUnit.NANOSECONDS.toMillis(idle) + " ms: inactivity probe failed"));
        } else if (idle >= probe && !s.probing) {
            s.probing = true;
            io(s::probe);
        }
    }

    @Override
    public void close() {
        Session s;
        List<Request> queued;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = current;
            current = null;
            ready = null;
            queued = new ArrayList<>(waiting);
            waiting.clear();
        }
        OvsdbConnectionException ex = new OvsdbConnectionException("OVSDB client for " + remote + " closed");
        if (s != null) {
            s.fail(ex);
        }
        for (Request r : queued) {
            r.fail(ex);
        }
        if (batcher != null) {
            batcher.close(ex);
        }
        connected.completeExceptionally(ex);
        timer.shutdownNow();
        io.shutdownNow();
    }

    // ---- requests ----

    /** Runs on the io thread; tolerates a closed client. */
    void io(Runnable r) {
        try {
            io.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    ScheduledFuture<?> schedule(Runnable r, long delay, TimeUnit unit) {
        return timer.schedule(r, delay, unit);
    }

    CompletableFuture<Object> call(String method, JsonStream.Writer params, Deadline deadline, boolean cancelOnTimeout) {
        Request r = new Request(method, params, deadline, cancelOnTimeout, null);
        arm(r);
        dispatch(r);
        return r.future;
    }

    private void arm(Request r) {
        try {
            r.timer = timer.schedule(() -> timeout(r), r.deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.fail(new OvsdbConnectionException("OVSDB client for " + remote + " closed"));
        }
    }

    /** Sends on the ready session, or queues until there is one. Never writes on a reader thread. */
    void dispatch(Request r) {
        if (r.future.isDone()) {
            return;
        }
        if (Thread.currentThread() instanceof Session.ReaderThread) {
            io(() -> dispatch(r));
            return;
        }
        Session s;
        synchronized (lock) {
            if (closed) {
                r.fail(new OvsdbConnectionException("OVSDB client for " + remote + " closed"));
                return;
            }
            s = ready;
            if (s == null) {
                waiting.add(r);
                return;
            }
        }
        if (!s.send(r)) {
            synchronized (lock) {
                if (ready == s) {
                    ready = null;
                }
                if (!closed) {
                    waiting.add(r);
                    return;
                }
            }
            r.fail(new OvsdbConnectionException("OVSDB client for " + remote + " closed"));
        }
    }

    private void timeout(Request r) {
        if (r.future.isDone()) {
            return;
        }
        boolean queued;
        Throwable last;
        synchronized (lock) {
            queued = waiting.remove(r);
            last = lastError;
        }
        Session s = r.session;
        if (s != null) {
            s.pending.remove(r.id);
        }
        String what = r.method + " timed out after " + r.deadline.text() + ": ";
        r.fail(queued || s == null
                ? new OvsdbNotSentException(what + "not connected to " + remote + (last == null ? "" : " (" + describe(last) + ")"))
                : new OvsdbTimeoutException(what + "no reply from " + remote));
        if (r.cancelOnTimeout && s != null && !queued) {
            long id = r.id;
            io(() -> s.notify("cancel", g -> {
                g.writeStartArray();
                g.writeNumber(id);
                g.writeEndArray();
            }));
        }
    }

    /** An {@code update} (monitor) or {@code update3} (monitor_cond_since) notification read on session s. */
    void onUpdate(Session s, String method, Object params) {
        List<Object> p = JsonStream.array(params, method + " params");
        String id = String.valueOf(p.get(0));
        if (ServerWatch.ID.equals(id)) {
            OvsdbConnectionException refused = verdict(server.verdict(p.get(1), false));
            if (refused != null) {
                LOG.info("leaving " + remote + ": it " + refused.getMessage().substring(remote.toString().length() + 1));
                s.fail(refused);
            }
            return;
        }
        MonitorImpl m = monitors.get(id);
        if (m != null) {
            if (method.equals("update3")) {
                m.applyUpdate3(p.get(1), p.get(2));
            } else {
                m.applyUpdate(p.get(1));
            }
        }
    }

    // ---- API ----

    private Deadline deadline() {
        return Deadline.in(options.timeout());
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<String>> listDbs() {
        return call("list_dbs", g -> {
            g.writeStartArray();
            g.writeEndArray();
        }, deadline(), false).thenApply(r -> List.copyOf((List<String>) (List<?>) JsonStream.array(r, "list_dbs result")));
    }

    @Override
    public CompletableFuture<DatabaseSchema> getSchema(String database) {
        return call("get_schema", g -> {
            g.writeStartArray();
            g.writeString(database);
            g.writeEndArray();
        }, deadline(), false).thenApply(SchemaParser::parse);
    }

    @Override
    public CompletableFuture<Void> echo() {
        return call("echo", g -> {
            g.writeStartArray();
            g.writeEndArray();
        }, deadline(), false).thenApply(r -> null);
    }

    @Override
    public Transaction transaction() {
        return new TransactionImpl(this, schema);
    }

    @Override
    public void holding(Runnable commits) {
        if (batcher == null) {
            commits.run();
            return;
        }
        batcher.hold();
        try {
            commits.run();
        } finally {
            batcher.release();
        }
    }

    CompletableFuture<TransactionResult> commit(TransactionImpl txn) {
        Deadline d = Deadline.in(txn.timeout != null ? txn.timeout : options.timeout());
        return batcher != null ? batcher.submit(txn, d) : commitDirect(txn, d);
    }

    /** The transaction as one transact of its own. */
    CompletableFuture<TransactionResult> commitDirect(TransactionImpl txn, Deadline d) {
        CompletableFuture<Object> sent = txn.waitForVswitchd
                ? cfg.ready(d).thenCompose(x -> call("transact", txn::writeParams, d, true))
                : call("transact", txn::writeParams, d, true);
        return sent.thenCompose(res -> {
            List<Object> results = JsonStream.array(res, "transact result");
            int n = txn.ops.size() + (txn.waitForVswitchd ? TransactionImpl.CFG_OPS.length : 0);
            OvsdbOperationException e = ResultImpl.error(txn, results, 0, n);
            if (e == null) {
                e = ResultImpl.commitError(results, n);
            }
            if (e != null) {
                return CompletableFuture.failedFuture(e);
            }
            ResultImpl r = new ResultImpl(txn, results, 0, -1);
            if (!txn.waitForVswitchd) {
                return CompletableFuture.completedFuture(r);
            }
            long next = ResultImpl.nextCfg(results, txn.ops.size() + 1);
            return cfg.await(next, d).thenApply(c -> r.withNextCfg(next));
        });
    }

    CfgTracker cfg() {
        return cfg;
    }

    @Override
    public CompletableFuture<Monitor> monitor(Map<String, ? extends Collection<String>> columnsByTable) {
        return monitor(columnsByTable, null, deadline()).thenApply(m -> m);
    }

    @Override
    public CompletableFuture<Monitor> monitor(Map<String, ? extends Collection<String>> columnsByTable,
            Map<String, ? extends Collection<Condition>> where) {
        DatabaseSchema sch = schema;
        Map<String, List<TransactionImpl.Cond>> conds = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<Condition>> e : where.entrySet()) {
            if (!columnsByTable.containsKey(e.getKey())) {
                throw new IllegalArgumentException("conditions on table '" + e.getKey() + "', which is not monitored");
            }
            TableSchema t = sch.table(e.getKey());
            List<TransactionImpl.Cond> l = new ArrayList<>();
            for (Condition c : e.getValue()) {
                l.add(TransactionImpl.Cond.of(t.column(c.column()), c.function(), c.value(), null));
            }
            conds.put(t.name(), List.copyOf(l));
        }
        return monitor(columnsByTable, conds, null, deadline()).thenApply(m -> m);
    }

    /** @param listener added before the initial contents arrive, so it sees them as inserts */
    CompletableFuture<MonitorImpl> monitor(Map<String, ? extends Collection<String>> columnsByTable, RowListener listener, Deadline d) {
        return monitor(columnsByTable, Map.of(), listener, d);
    }

    private CompletableFuture<MonitorImpl> monitor(Map<String, ? extends Collection<String>> columnsByTable,
            Map<String, List<TransactionImpl.Cond>> where, RowListener listener, Deadline d) {
        if (columnsByTable.isEmpty()) {
            throw new IllegalArgumentException("monitor needs at least one table");
        }
        if (!where.isEmpty() && !condSince) {
            return CompletableFuture.failedFuture(new OvsdbException("conditional monitors need monitor_cond_since "
                    + "(Open vSwitch 2.12 or later), which " + remote + " does not have"));
        }
        DatabaseSchema sch = schema;
        Map<String, List<String>> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<String>> e : columnsByTable.entrySet()) {
            TableSchema t = sch.table(e.getKey());
            List<String> cols = new ArrayList<>();
            if (e.getValue().isEmpty()) {
                for (ColumnSchema c : t.columns().values()) {
                    if (!c.isImplicit()) {
                        cols.add(c.name());
                    }
                }
            } else {
                for (String c : e.getValue()) {
                    cols.add(t.column(c).name());
                }
            }
            resolved.put(t.name(), List.copyOf(cols));
        }
        MonitorImpl m = new MonitorImpl(this, "m" + monitorIds.incrementAndGet(), resolved, where);
        if (listener != null) {
            m.addListener(listener);
        } else if (resolved.getOrDefault(TransactionImpl.OVS_TABLE, List.of()).contains("cur_cfg")
                && where.getOrDefault(TransactionImpl.OVS_TABLE, List.of()).isEmpty()) {
            // a caller's monitor of cur_cfg (the ovs backend's replica) ends vswitchd waits, in place of the
            // tracker's own: with both, the server sent each change twice, the caller's update often first, and
            // waiters woke only once the second was read
            m.tellAfterUpdates(cfg);
        }
        Request r = monitorRequest(m, d);
        arm(r);
        dispatch(r);
        return r.future.handle((x, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(m);
            }
            if (!r.method.equals("monitor_cond_since") || !describe(e).contains("unknown method")) {
                return CompletableFuture.<MonitorImpl>failedFuture(e);
            }
            if (!where.isEmpty()) {
                condSince = false;
                return CompletableFuture.<MonitorImpl>failedFuture(new OvsdbException("conditional monitors need "
                        + "monitor_cond_since (Open vSwitch 2.12 or later), which " + remote + " does not have"));
            }
            condSince = false; // an Open vSwitch before 2.12: plain monitors, contents sent again after a reconnection
            Request v1 = monitorRequest(m, d);
            arm(v1);
            dispatch(v1);
            return v1.future.thenApply(y -> m);
        }).thenCompose(f -> f);
    }

    private Request monitorRequest(MonitorImpl m, Deadline d) {
        if (condSince) {
            return new Request("monitor_cond_since", g -> m.writeParams(g, options.database(), true), d, false, res -> {
                m.applyReply3(res);
                monitors.put(m.id, m);
            });
        }
        return new Request("monitor", g -> m.writeParams(g, options.database(), false), d, false, res -> {
            m.applyInitial(res, "new");
            monitors.put(m.id, m);
        });
    }

    void cancelMonitor(MonitorImpl m) {
        if (monitors.remove(m.id) != null && isConnected()) {
            call("monitor_cancel", g -> {
                g.writeStartArray();
                g.writeString(m.id);
                g.writeEndArray();
            }, deadline(), false).exceptionally(e -> null);
        }
    }

    @Override
    public String toString() {
        return "OVSDB client " + remote + " " + options.database() + (batcher == null ? "" : " (" + batcher + ")");
    }
}
