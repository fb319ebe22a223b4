package org.jvif.fleet.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jvif.api.OsVif;
import org.jvif.api.OsVifException;
import org.jvif.api.VifCall;
import org.jvif.api.VifHostState;
import org.jvif.api.VifOutcome;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.VersionedObjectException;
import org.jvif.fleet.db.FleetDb.Host;
import org.jvif.fleet.db.FleetDb.Vif;
import org.jvif.fleet.db.FleetDb.VifStatus;
import org.jvif.host.ovsdb.Condition;
import org.jvif.host.ovsdb.Monitor;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.RowListener;
import org.jvif.host.ovsdb.Transaction;

/**
 * The agent of one host: registers its {@code Host} row (os-vif's host info, its version, when last seen),
 * watches the {@code Vif} rows of its host and drives the local os-vif to them, one call at a time per VIF,
 * and writes each outcome with the generation it was for to {@code Vif_Status}. Its monitor is conditional:
 * the server sends it the rows of its host only. The client must be on the
 * agents' remote with a certificate whose common name is the host's name (RBAC lets it write only those rows).
 *
 * <p>After a restart or a lost connection the monitor's contents come again: a VIF whose status already
 * reached its generation is left alone, the others are driven.
 */
public final class FleetAgent implements RowListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FleetAgent.class.getName());

    private final OvsdbClient client;
    private final String host;
    private final OsVif osVif;
    /** The platform's durable record and reconcile, if there is one: the bulk resync at start goes through it. */
    private final VifHostState hostState;
    private final Executor executor;
    /**
     * Whether os-vif's plugAsync and unplugAsync may be called at once, where the row's change is learnt (the OVSDB
     * reader thread): the OsVif overrides both, as the registry does (its calls hold no thread of the caller's: the
     * intent is written in memory, then its pool takes over). A lone call is then made at once, which saves a
     * hand-off to another thread before the plug; calls that come while others are in flight go to the executor all
     * the same, so a burst is not decoded and entered one by one on the reader thread (10,000 VIFs over 100 agents
     * took about 1.5 x as long that way, at load 10). Interface defaults plug in the caller: always the executor.
     */
    private final boolean callsAtOnce;
    private volatile Monitor monitor;
    /**
     * The replica's Vif and Vif_Status rows by VIF id, kept as it changes (under its own lock, see {@link #watch}):
     * each report looks its row up instead of scanning every row (a resync of 1,000 VIFs spent 0.6 s in scans).
     */
    private final Map<String, Row> desiredRows = new ConcurrentHashMap<>();
    private final Map<String, Row> statusRows = new ConcurrentHashMap<>();
    private final RowListener indexer = this::index;
    /** Per VIF id: the generation being driven now, and whether a newer one came meanwhile. */
    private final Map<String, long[]> busy = new HashMap<>();
    /** Per VIF id: its deleted Vif row, while its unplug waits (guarded by busy). */
    private final Map<String, Row> gone = new HashMap<>();
    /**
     * While the start-up resync runs (guarded by busy): its reconcile unplugs whatever its snapshot does not want,
     * so a VIF whose row came after the snapshot waits in {@link #deferred} until it is done, instead of being
     * plugged meanwhile and unplugged by it.
     */
    private boolean resyncing;
    private final List<String> deferred = new java.util.ArrayList<>();
    private volatile boolean closed;
    /** How often the agent writes {@code Host.last_seen} unless told otherwise. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    /** The longest pause between tries of a report that could not be written (connection lost). */
    private static final long MAX_RETRY_MS = 5000;

    private FleetAgent(OvsdbClient client, String host, OsVif osVif, VifHostState hostState, Executor executor) {
        this.client = client;
        this.host = host;
        this.osVif = osVif;
        this.hostState = hostState;
        this.executor = executor;
        this.callsAtOnce = ownsAsync(osVif);
    }

    /**
     * Registers the host and starts driving its VIFs.
     *
     * @param host the host's name, the common name of the client's certificate
     * @param executor where the agent's own work runs, and os-vif is called unless its asynchronous calls hold no
     *                 thread of the caller's
     * @return completes once registered and watching
     */
    public static CompletableFuture<FleetAgent> start(OvsdbClient client, String host, OsVif osVif, String agentVersion,
            Executor executor) {
        return start(client, host, osVif, null, agentVersion, executor, DEFAULT_HEARTBEAT);
    }

    /**
     * As {@link #start(OvsdbClient, String, OsVif, String, Executor)}, saying it is alive every {@code heartbeat}.
     *
     * @param hostState the platform's host state, or null: with it, the agent first brings the host to the
     *                  desired set in bulk ({@link VifHostState#reconcile}: only what the durable record and the
     *                  host show as not right is plugged or unplugged), then drives each change
     */
    public static CompletableFuture<FleetAgent> start(OvsdbClient client, String host, OsVif osVif, VifHostState hostState,
            String agentVersion, Executor executor, Duration heartbeat) {
        FleetAgent a = new FleetAgent(client, host, osVif, hostState, executor);
        a.heartbeatEvery(heartbeat);
        return a.register(agentVersion)
                // only this host's rows: the server sends an agent nothing of the other hosts
                .thenCompose(x -> client.monitor(Map.of(Vif.TABLE, List.of(), VifStatus.TABLE, List.of()),
                        Map.of(Vif.TABLE, List.of(Condition.eq(Vif.HOST, host)),
                                VifStatus.TABLE, List.of(Condition.eq(VifStatus.HOST, host)))))
                .thenApply(m -> {
                    a.watch(m);
                    if (hostState != null) {
                        a.resync(m);
                    } else {
                        m.addListener(a);
                        for (Row r : m.rows(Vif.TABLE)) {
                            a.rowChanged(Vif.TABLE, null, r);
                        }
                    }
                    return a;
                });
    }

    /** Where the call just made busy goes: at once if it is the only one in flight and may (guarded by busy). */
    private Executor calls() {
        return callsAtOnce && busy.size() == 1 ? Runnable::run : executor;
    }

    /** Whether the OsVif implements plugAsync and unplugAsync itself (the interface's defaults plug in the caller). */
    static boolean ownsAsync(OsVif osVif) {
        try {
            return osVif.getClass().getMethod("plugAsync", VIFBase.class, InstanceInfo.class).getDeclaringClass() != OsVif.class
                    && osVif.getClass().getMethod("unplugAsync", VIFBase.class, InstanceInfo.class).getDeclaringClass() != OsVif.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public String host() {
        return host;
    }

    /** Indexes the replica and keeps the index as it changes; the index listener comes first, so it is current for the others. */
    private void watch(Monitor m) {
        m.addListener(indexer);
        // the rows already there; under the index's lock, so a change told meanwhile lands after its older row
        synchronized (indexer) {
            for (String table : List.of(Vif.TABLE, VifStatus.TABLE)) {
                m.rows(table).forEach(r -> index(table, null, r));
            }
        }
        monitor = m;
    }

    /** Both tables name their host and VIF id columns alike. */
    private void index(String table, Row oldRow, Row newRow) {
        Map<String, Row> byId = table.equals(Vif.TABLE) ? desiredRows : table.equals(VifStatus.TABLE) ? statusRows : null;
        if (byId == null) {
            return;
        }
        synchronized (indexer) {
            if (oldRow != null && (newRow == null || !oldRow.getString(Vif.VIF_ID).equals(newRow.getString(Vif.VIF_ID)))) {
                byId.remove(oldRow.getString(Vif.VIF_ID));
            }
            if (newRow != null && host.equals(newRow.getString(Vif.HOST))) {
                byId.put(newRow.getString(Vif.VIF_ID), newRow);
            }
        }
    }

    /** The ids of the VIFs desired on this host, as the agent's replica holds them. */
    public java.util.Set<String> vifIds() {
        Monitor m = monitor;
        java.util.Set<String> ids = new java.util.TreeSet<>();
        if (m != null) {
            for (Row r : m.rows(Vif.TABLE)) {
                ids.add(r.getString(Vif.VIF_ID));
            }
        }
        return ids;
    }

    private CompletableFuture<Void> register(String agentVersion) {
        String info = osVif.hostInfo().toJson();
        long now = System.currentTimeMillis();
        Transaction t = client.transaction();
        Transaction.Update u = t.update(Host.TABLE).where(Host.NAME, host).set(Host.HOST_INFO, info)
                .set(Host.AGENT_VERSION, agentVersion).set(Host.LAST_SEEN, now);
        return t.commit().thenCompose(r -> {
            if (r.count(u) == 1) {
                return CompletableFuture.completedFuture(null);
            }
            Transaction i = client.transaction();
            i.insert(Host.TABLE).set(Host.NAME, host).set(Host.HOST_INFO, info).set(Host.AGENT_VERSION, agentVersion)
                    .set(Host.LAST_SEEN, now);
            return i.commit().thenApply(x -> null);
        });
    }

    private void heartbeatEvery(Duration every) {
        CompletableFuture.delayedExecutor(every.toNanos(), TimeUnit.NANOSECONDS, executor).execute(() -> {
            if (!closed) {
                heartbeat().whenComplete((x, e) -> heartbeatEvery(every));
            }
        });
    }

    /** Says the agent is alive (writes {@code last_seen}). */
    public CompletableFuture<Void> heartbeat() {
        Transaction t = client.transaction();
        t.update(Host.TABLE).where(Host.NAME, host).set(Host.LAST_SEEN, System.currentTimeMillis());
        return t.commit().thenApply(r -> null);
    }

    @Override
    public void rowChanged(String table, Row oldRow, Row newRow) {
        if (table.equals(Vif.TABLE) && newRow == null && oldRow != null && !closed && host.equals(oldRow.getString(Vif.HOST))) {
            removed(oldRow);
            return;
        }
        if (!table.equals(Vif.TABLE) || newRow == null || closed || !host.equals(newRow.getString(Vif.HOST))) {
            return;
        }
        String vifId = newRow.getString(Vif.VIF_ID);
        long gen = newRow.getLong(Vif.GENERATION);
        if (reported(vifId) >= gen) {
            return;
        }
        Executor calls;
        synchronized (busy) {
            long[] b = busy.get(vifId);
            if (b != null) {
                b[1] = Math.max(b[1], gen); // driven again once the current call is done
                return;
            }
            if (resyncing) {
                busy.put(vifId, new long[] {0, gen});
                deferred.add(vifId);
                return;
            }
            busy.put(vifId, new long[] {gen, 0});
            calls = calls();
        }
        calls.execute(() -> drive(vifId, newRow));
    }

    /**
     * A Vif row deleted: nothing is desired on this host for the VIF any more, which is unplugged (its last
     * primitive, from the deleted row), and its Vif_Status row deleted once that is done; a failed unplug is
     * reported on the status row instead, which then stays. Runs after a call on the VIF in flight.
     */
    private void removed(Row oldRow) {
        String vifId = oldRow.getString(Vif.VIF_ID);
        Executor calls;
        synchronized (busy) {
            gone.put(vifId, oldRow);
            long[] b = busy.get(vifId);
            if (b != null) {
                b[1] = Math.max(b[1], 1); // next() finds the row gone and unplugs
                return;
            }
            if (resyncing) {
                busy.put(vifId, new long[] {0, 1});
                deferred.add(vifId);
                return;
            }
            busy.put(vifId, new long[] {oldRow.getLong(Vif.GENERATION), 0});
            calls = calls();
        }
        calls.execute(() -> forget(vifId));
    }

    /** Unplugs a VIF whose Vif row is gone (unless one came back meanwhile) and deletes its status. */
    private void forget(String vifId) {
        Row oldRow;
        synchronized (busy) {
            oldRow = gone.remove(vifId);
        }
        Row back = desiredRow(vifId);
        if (back != null) { // deleted and written again: the new row is driven whatever the old status says
            synchronized (busy) {
                busy.put(vifId, new long[] {back.getLong(Vif.GENERATION), 0});
            }
            drive(vifId, back);
            return;
        }
        if (oldRow == null) {
            next(vifId);
            return;
        }
        long start = System.nanoTime();
        CompletionStage<Void> call;
        try {
            VifCall c = call(oldRow);
            call = osVif.unplugAsync(c.vif(), c.instanceInfo());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        long gen = oldRow.getLong(Vif.GENERATION);
        call.whenComplete((x, e) -> {
            if (e != null) {
                reportUntilWritten(vifId, gen, false, System.nanoTime() - start, unwrap(e), 100);
            } else {
                deleteStatusUntilWritten(vifId, 100);
            }
        });
    }

    private void deleteStatusUntilWritten(String vifId, long retryMs) {
        Transaction t = client.transaction();
        t.delete(VifStatus.TABLE).where(VifStatus.HOST, host).where(VifStatus.VIF_ID, vifId);
        t.commit().whenComplete((x, e) -> {
            if (e == null || closed) {
                next(vifId);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "host " + host + ": cannot delete the status of removed VIF " + vifId
                    + " yet (" + unwrap(e) + "); trying again in " + retryMs + " ms");
            CompletableFuture.delayedExecutor(retryMs, TimeUnit.MILLISECONDS, executor).execute(
                    () -> deleteStatusUntilWritten(vifId, Math.min(retryMs * 2, MAX_RETRY_MS)));
        });
    }

    /** The VIF's Vif row in the replica, or null. */
    private Row desiredRow(String vifId) {
        return desiredRows.get(vifId);
    }

    /**
     * The bulk resync at start: every VIF of the host held busy, one {@link VifHostState#reconcile} to the
     * plugged ones, each row whose report is behind reported (with the outcome of the call made for it, or as
     * already right), then any change that came meanwhile driven.
     */
    private void resync(Monitor m) {
        Map<String, Row> rows = new HashMap<>();
        synchronized (busy) {
            resyncing = true;
            for (Row r : m.rows(Vif.TABLE)) {
                rows.put(r.getString(Vif.VIF_ID), r);
                busy.put(r.getString(Vif.VIF_ID), new long[] {r.getLong(Vif.GENERATION), 0});
            }
        }
        m.addListener(this);
        // what changed between the snapshot and the listener: driven once the resync is done
        for (Row r : m.rows(Vif.TABLE)) {
            Row seen = rows.get(r.getString(Vif.VIF_ID));
            if (seen == null || seen.getLong(Vif.GENERATION) != r.getLong(Vif.GENERATION)) {
                rowChanged(Vif.TABLE, null, r);
            }
        }
        executor.execute(() -> {
            try {
                resync(m, rows);
            } finally {
                List<String> later;
                synchronized (busy) {
                    resyncing = false;
                    later = new java.util.ArrayList<>(deferred);
                    deferred.clear();
                }
                later.forEach(this::next);
            }
        });
    }

    /** The resync's reconcile of the snapshot's rows and its reports. */
    private void resync(Monitor m, Map<String, Row> rows) {
        long start = System.nanoTime();
        Map<String, Throwable> refused = new HashMap<>();
        List<VifCall> desired = new java.util.ArrayList<>();
        for (Row r : rows.values()) {
            if (Vif.PLUGGED.equals(r.getString(Vif.DESIRED))) {
                try {
                    desired.add(call(r));
                } catch (RuntimeException e) {
                    refused.put(r.getString(Vif.VIF_ID), e);
                }
            }
        }
        Map<String, Throwable> acted = new HashMap<>();
        try {
            for (VifOutcome o : hostState.reconcile(desired)) {
                acted.put(o.call().vif().getId(), o.error());
            }
        } catch (RuntimeException e) {
            desired.forEach(c -> refused.putIfAbsent(c.vif().getId(), e));
        }
        long nanos = System.nanoTime() - start;
        for (Row r : rows.values()) {
            String vifId = r.getString(Vif.VIF_ID);
            long gen = r.getLong(Vif.GENERATION);
            if (reported(vifId) >= gen) {
                next(vifId);
                continue;
            }
            Throwable error = refused.containsKey(vifId) ? refused.get(vifId) : unwrap(acted.get(vifId));
            reportUntilWritten(vifId, gen, Vif.PLUGGED.equals(r.getString(Vif.DESIRED)),
                    acted.containsKey(vifId) || refused.containsKey(vifId) ? nanos : 0, error, 100);
        }
        // VIFs whose Vif row was deleted while the agent was away: reconcile unplugged them
        for (Row s : m.rows(VifStatus.TABLE)) {
            String vifId = s.getString(VifStatus.VIF_ID);
            if (rows.containsKey(vifId) || desiredRow(vifId) != null) {
                continue;
            }
            Throwable error = unwrap(acted.get(vifId));
            if (error != null) {
                reportUntilWritten(vifId, s.getLong(VifStatus.GENERATION), false, nanos, error, 100);
            } else {
                deleteStatusUntilWritten(vifId, 100);
            }
        }
    }

    /** The os-vif call a Vif row asks for. */
    private VifCall call(Row row) {
        VIFBase vif = (VIFBase) osVif.fromJson(row.getString(Vif.PRIMITIVE));
        String ii = row.getString(Vif.INSTANCE_INFO);
        return new VifCall(vif, ii.isEmpty() ? null : (InstanceInfo) osVif.fromJson(ii));
    }

    /** The generation this host last reported for the VIF, -1 if none. */
    private long reported(String vifId) {
        Row r = statusRow(vifId);
        return r == null ? -1 : r.getLong(VifStatus.GENERATION);
    }

    /** The VIF's Vif_Status row in the replica, or null. */
    private Row statusRow(String vifId) {
        return statusRows.get(vifId);
    }

    /** One os-vif call for the row's generation, its outcome written, then the newest generation if one came. */
    private void drive(String vifId, Row row) {
        long gen = row.getLong(Vif.GENERATION);
        boolean plug = Vif.PLUGGED.equals(row.getString(Vif.DESIRED));
        long start = System.nanoTime();
        CompletionStage<Void> call;
        try {
            VifCall c = call(row);
            call = plug ? osVif.plugAsync(c.vif(), c.instanceInfo()) : osVif.unplugAsync(c.vif(), c.instanceInfo());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((x, e) -> reportUntilWritten(vifId, gen, plug, System.nanoTime() - start, unwrap(e), 100));
    }

    /**
     * Writes the outcome, trying again (backing off to {@value #MAX_RETRY_MS} ms) while the fleet database
     * cannot be reached, so an outcome is never lost; then drives the VIF's newest generation if one came.
     */
    private void reportUntilWritten(String vifId, long gen, boolean plug, long nanos, Throwable error, long retryMs) {
        report(vifId, gen, plug, nanos, error).whenComplete((x, e) -> {
            if (e == null || closed) {
                next(vifId);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "host " + host + ": cannot report VIF " + vifId + " generation " + gen
                    + " yet (" + unwrap(e) + "); trying again in " + retryMs + " ms");
            CompletableFuture.delayedExecutor(retryMs, TimeUnit.MILLISECONDS, executor).execute(
                    () -> reportUntilWritten(vifId, gen, plug, nanos, error, Math.min(retryMs * 2, MAX_RETRY_MS)));
        });
    }

    private void next(String vifId) {
        long again;
        boolean removed;
        Executor calls = executor;
        synchronized (busy) {
            long[] b = busy.remove(vifId);
            again = b == null ? 0 : b[1];
            removed = gone.containsKey(vifId);
            if (removed) {
                busy.put(vifId, new long[] {0, 0});
                calls = calls();
            }
        }
        if (closed) {
            return;
        }
        if (removed) {
            calls.execute(() -> forget(vifId));
            return;
        }
        Row r = desiredRow(vifId);
        if (again > 0 && r != null) {
            rowChanged(Vif.TABLE, null, r);
        }
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Upserts the VIF's Vif_Status row: one transaction as a rule, an update of the row the agent's replica has
     * (named by its UUID: ovsdb-server finds a row by other columns by scanning the table), an insert where it has
     * none (a miss either way, the replica behind, is followed by the other).
     */
    private CompletableFuture<Void> report(String vifId, long gen, boolean plug, long nanos, Throwable error) {
        String state = error != null ? VifStatus.FAILED : plug ? Vif.PLUGGED : Vif.UNPLUGGED;
        String type = error == null ? null
                : error instanceof OsVifException o ? o.type()
                : error instanceof VersionedObjectException v ? v.type() : error.getClass().getSimpleName();
        String text = error == null ? null : String.valueOf(error.getMessage());
        long now = System.currentTimeMillis();
        Status st = new Status(vifId, state, text, type, nanos, gen, now);
        Row known = statusRow(vifId);
        return known != null ? updateStatus(st, known.uuid(), true) : insertStatus(st, true);
    }

    private record Status(String vifId, String state, String error, String type, long nanos, long gen, long now) {
        void set(Setter s) {
            s.set(VifStatus.STATE, state);
            s.set(VifStatus.ERROR, error == null ? List.of() : List.of(error));
            s.set(VifStatus.ERROR_TYPE, type == null ? List.of() : List.of(type));
            s.set(VifStatus.DURATION_US, nanos / 1000);
            s.set(VifStatus.GENERATION, gen);
            s.set(VifStatus.UPDATED, now);
        }
    }

    /** @param uuid the row, or null: the row of this host and the VIF id */
    private CompletableFuture<Void> updateStatus(Status st, java.util.UUID uuid, boolean thenInsert) {
        Transaction t = client.transaction();
        Transaction.Update u = uuid != null ? t.update(VifStatus.TABLE).whereUuid(uuid)
                : t.update(VifStatus.TABLE).where(VifStatus.HOST, host).where(VifStatus.VIF_ID, st.vifId());
        st.set(u::set);
        return t.commit().thenCompose(r -> r.count(u) == 1 || !thenInsert ? CompletableFuture.completedFuture(null)
                : insertStatus(st, false));
    }

    private CompletableFuture<Void> insertStatus(Status st, boolean thenUpdate) {
        Transaction i = client.transaction();
        st.set(i.insert(VifStatus.TABLE).set(VifStatus.HOST, host).set(VifStatus.VIF_ID, st.vifId())::set);
        return i.commit().handle((x, e) -> {
            Throwable c = e == null ? null : unwrap(e);
            if (c instanceof OvsdbOperationException o && "constraint violation".equals(o.error()) && thenUpdate) {
                return updateStatus(st, null, false);
            }
            return c == null ? CompletableFuture.<Void>completedFuture(null) : CompletableFuture.<Void>failedFuture(c);
        }).thenCompose(f -> f);
    }

    private interface Setter {
        Object set(String column, Object value);
    }

    /** Stops watching; calls running finish and report. */
    @Override
    public void close() {
        closed = true;
        Monitor m = monitor;
        if (m != null) {
            m.removeListener(this);
            m.removeListener(indexer);
            m.close();
        }
    }
}
