package org.jvif.fleet.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.fleet.Fleet;
import org.jvif.fleet.FleetException;
import org.jvif.fleet.FleetHost;
import org.jvif.fleet.FleetVif;
import org.jvif.fleet.VifReport;
import org.jvif.fleet.db.FleetDb.Host;
import org.jvif.fleet.db.FleetDb.Vif;
import org.jvif.fleet.db.FleetDb.VifStatus;
import org.jvif.host.ovsdb.Monitor;
import org.jvif.host.ovsdb.Mutator;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.RowListener;
import org.jvif.host.ovsdb.Transaction;

/**
 * {@link Fleet} over a client of the fleet database (a remote without an RBAC role): a monitor of Host, Vif and
 * Vif_Status is the controller's whole view; each plug or unplug is one transaction that writes the Vif row and
 * raises its generation, then waits for the host's Vif_Status to reach that generation. The replica is indexed by
 * host and VIF id as it changes, so no call looks at more rows than it answers with (10,000 VIFs: each report
 * found at once, not by a scan of every status row).
 */
public final class FleetImpl implements Fleet, RowListener, AutoCloseable {
    private final OvsdbClient client;
    private final Duration timeout;
    /** A host whose agent has not written last_seen for this long is gone. */
    private final Duration hostTimeout;
    /** Where the stages callers chain on a call's stage run: never the OVSDB reader thread (see {@link Reply}). */
    private final Executor callbacks;
    /** Each waiting call's timeout, cancelled (and dropped) as the call settles; its thread ends when none is left. */
    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "jvif fleet timeouts");
        t.setDaemon(true);
        return t;
    });
    private volatile Monitor monitor;
    private final Map<Key, List<Waiter>> waiters = new ConcurrentHashMap<>();
    /** The replica by host name, and per host by VIF id, sorted; written under its own lock (see {@link #open}). */
    private final Map<String, Row> hostRows = new ConcurrentSkipListMap<>();
    private final Map<String, Map<String, Row>> vifRows = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Row>> statusRows = new ConcurrentHashMap<>();

    private record Key(String host, String vifId) {
    }

    private record Waiter(long generation, Reply<VifReport> future) {
    }

    private FleetImpl(OvsdbClient client, Duration timeout, Duration hostTimeout, Executor callbacks) {
        this.client = client;
        this.timeout = timeout;
        this.hostTimeout = hostTimeout;
        this.callbacks = callbacks;
        timeouts.setRemoveOnCancelPolicy(true);
        timeouts.setKeepAliveTime(1, TimeUnit.SECONDS);
        timeouts.allowCoreThreadTimeOut(true);
    }

    /**
     * @param timeout how long a plug or unplug waits for the host's report
     * @param hostTimeout how long since its agent last said it is alive a host counts as gone
     * @param callbacks where callers' stages complete
     * @return completes once the fleet's state is read
     */
    public static CompletableFuture<FleetImpl> open(OvsdbClient client, Duration timeout, Duration hostTimeout, Executor callbacks) {
        FleetImpl f = new FleetImpl(client, timeout, hostTimeout, callbacks);
        return client.monitor(Map.of(Host.TABLE, List.of(), Vif.TABLE, List.of(), VifStatus.TABLE, List.of())).thenApply(m -> {
            f.monitor = m;
            m.addListener(f);
            // the rows already there; under the index's lock, so a change told meanwhile lands after its older row
            synchronized (f.hostRows) {
                for (String table : List.of(Host.TABLE, Vif.TABLE, VifStatus.TABLE)) {
                    m.rows(table).forEach(r -> f.index(table, null, r));
                }
            }
            return f;
        });
    }

    /** Brings the index to a change of the replica. */
    private void index(String table, Row oldRow, Row newRow) {
        synchronized (hostRows) {
            switch (table) {
                case Host.TABLE -> {
                    if (newRow != null) {
                        hostRows.put(newRow.getString(Host.NAME), newRow);
                    } else {
                        hostRows.remove(oldRow.getString(Host.NAME));
                    }
                }
                case Vif.TABLE -> index(vifRows, Vif.HOST, Vif.VIF_ID, oldRow, newRow);
                case VifStatus.TABLE -> index(statusRows, VifStatus.HOST, VifStatus.VIF_ID, oldRow, newRow);
                default -> {
                }
            }
        }
    }

    private static void index(Map<String, Map<String, Row>> byHost, String host, String vifId, Row oldRow, Row newRow) {
        if (oldRow != null) {
            Map<String, Row> rows = byHost.get(oldRow.getString(host));
            if (rows != null) {
                rows.remove(oldRow.getString(vifId));
            }
        }
        if (newRow != null) {
            byHost.computeIfAbsent(newRow.getString(host), h -> new ConcurrentSkipListMap<>()).put(newRow.getString(vifId), newRow);
        }
    }

    @Override
    public Collection<FleetHost> hosts() {
        List<FleetHost> out = new ArrayList<>();
        for (Row r : hostRows.values()) {
            out.add(host(r));
        }
        return out;
    }

    @Override
    public Optional<FleetHost> host(String name) {
        return Optional.ofNullable(hostRows.get(name)).map(this::host);
    }

    private FleetHost host(Row r) {
        Instant lastSeen = Instant.ofEpochMilli(r.getLong(Host.LAST_SEEN));
        return new FleetHost(r.getString(Host.NAME), r.getString(Host.HOST_INFO), r.getString(Host.AGENT_VERSION), lastSeen,
                Duration.between(lastSeen, Instant.now()).compareTo(hostTimeout) <= 0);
    }

    @Override
    public CompletionStage<VifReport> plug(String host, VIFBase vif, InstanceInfo instanceInfo) {
        return write(host, vif, instanceInfo, VifReport.State.PLUGGED);
    }

    @Override
    public CompletionStage<VifReport> unplug(String host, VIFBase vif, InstanceInfo instanceInfo) {
        return write(host, vif, instanceInfo, VifReport.State.UNPLUGGED);
    }

    private CompletionStage<VifReport> write(String host, VIFBase vif, InstanceInfo instanceInfo, VifReport.State desired) {
        String vifId = vif.getId();
        if (host == null || host.isEmpty() || vifId == null || vifId.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a fleet call needs a host and a VIF id (host '"
                    + host + "', VIF id '" + vifId + "')"));
        }
        Optional<FleetHost> h = host(host);
        if (h.isEmpty()) {
            return CompletableFuture.failedFuture(new FleetException(host, vifId, null, "no agent registered"));
        }
        Duration silent = Duration.between(h.get().lastSeen(), Instant.now());
        if (!h.get().alive()) {
            return CompletableFuture.failedFuture(new FleetException(host, vifId, null, "the host's agent is gone (last seen "
                    + silent.toMillis() + " ms ago, more than " + hostTimeout.toMillis() + " ms)"));
        }
        String primitive = vif.toJson();
        String instance = instanceInfo == null ? "" : instanceInfo.toJson();
        Reply<VifReport> reply = new Reply<>(callbacks);
        commit(host, vifId, primitive, instance, desired.dbValue(), 3).whenComplete((gen, e) -> {
            if (e != null) {
                reply.settle(null, unwrap(e));
            } else {
                await(new Key(host, vifId), gen, reply);
            }
        });
        return reply;
    }

    /**
     * Writes the Vif row and returns the generation committed: the row's generation raised in the same
     * transaction, or 1 for a new row. One transaction as a rule: the replica says whether the row exists, and
     * which it is. An update names the row by its UUID: ovsdb-server (3.1) finds a row by any other column by
     * scanning the table, and 10,000 updates each scanning 10,000 rows stalled a member for seconds, past the Raft
     * election timer. An update that finds none (the row deleted meanwhile) is followed by an insert; an insert
     * that loses to a concurrent one on the (host, vif_id) index, or to a row not yet in the replica, by an
     * update that names the row by host and VIF id.
     */
    private CompletableFuture<Long> commit(String host, String vifId, String primitive, String instance, String desired, int tries) {
        Row known = vifRows.getOrDefault(host, Map.of()).get(vifId);
        return known != null ? update(known.uuid(), host, vifId, primitive, instance, desired, tries)
                : insert(host, vifId, primitive, instance, desired, tries);
    }

    /** @param uuid the row, or null: the row of the host and VIF id */
    private CompletableFuture<Long> update(java.util.UUID uuid, String host, String vifId, String primitive, String instance,
            String desired, int tries) {
        Transaction t = client.transaction();
        Transaction.Update u = row(t.update(Vif.TABLE), uuid, host, vifId).set(Vif.PRIMITIVE, primitive)
                .set(Vif.INSTANCE_INFO, instance).set(Vif.DESIRED, desired);
        row(t.mutate(Vif.TABLE), uuid, host, vifId).mutation(Vif.GENERATION, Mutator.ADD, 1L);
        Transaction.Select s = row(t.select(Vif.TABLE), uuid, host, vifId).columns(Vif.GENERATION);
        return t.commit().thenCompose(r -> r.count(u) == 1 ? CompletableFuture.completedFuture(r.rows(s).get(0).getLong(Vif.GENERATION))
                : tries > 1 ? insert(host, vifId, primitive, instance, desired, tries - 1)
                : CompletableFuture.failedFuture(new FleetException(host, vifId, null, "the Vif row came and went under "
                        + "concurrent writes; asked again")));
    }

    private CompletableFuture<Long> insert(String host, String vifId, String primitive, String instance, String desired, int tries) {
        Transaction i = client.transaction();
        i.insert(Vif.TABLE).set(Vif.HOST, host).set(Vif.VIF_ID, vifId).set(Vif.PRIMITIVE, primitive)
                .set(Vif.INSTANCE_INFO, instance).set(Vif.DESIRED, desired).set(Vif.GENERATION, 1L);
        return i.commit().handle((x, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(1L);
            }
            Throwable c = unwrap(e);
            if (tries > 1 && c instanceof OvsdbOperationException o && "constraint violation".equals(o.error())) {
                return update(null, host, vifId, primitive, instance, desired, tries - 1);
            }
            return CompletableFuture.<Long>failedFuture(c);
        }).thenCompose(f -> f);
    }

    /**
     * Only a CompletionException is a wrapper: a merged transaction fails with the client's own exception (an
     * OvsdbConnectionException whose cause is the SocketException), which is what the caller is told.
     */
    private static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static <T extends Transaction.Conditional<T>> T row(T op, java.util.UUID uuid, String host, String vifId) {
        return uuid != null ? op.whereUuid(uuid) : op.where(Vif.HOST, host).where(Vif.VIF_ID, vifId);
    }

    /** Settles f once the host reports generation gen or later for the VIF. */
    private void await(Key key, long gen, Reply<VifReport> f) {
        ScheduledFuture<?> timer;
        try {
            timer = timeouts.schedule(() -> fail(f, new FleetException(key.host(), key.vifId(), null, "no outcome of "
                    + "generation " + gen + " reported within " + timeout.toMillis() + " ms")), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(f, new FleetException(key.host(), key.vifId(), null, "the fleet service stopped"));
            return;
        }
        Waiter w = new Waiter(gen, f);
        // added inside the map's compute, as the other call's clean-up below removes: added to a list found there
        // after it, a clean-up emptying and dropping that list meanwhile would take the waiter with it (the call then
        // waited for its timeout: FleetBench's plug then unplug of one VIF met it twice in some 2,000 rounds)
        waiters.compute(key, (k, l) -> {
            List<Waiter> ws = l != null ? l : new CopyOnWriteArrayList<>();
            ws.add(w);
            return ws;
        });
        f.whenComplete((x, e) -> {
            timer.cancel(false);
            waiters.computeIfPresent(key, (k, l) -> {
                l.remove(w);
                return l.isEmpty() ? null : l;
            });
        });
        // the report may be in already (written before we listened)
        report(key).ifPresent(r -> reached(key, r));
        if (host(key.host()).isEmpty()) {
            fail(f, new FleetException(key.host(), key.vifId(), null, "the host's agent is gone"));
        }
    }

    /** The timeouts of calls still waiting for their host's report (a settled call leaves none behind). */
    public int pendingTimeouts() {
        return timeouts.getQueue().size();
    }

    private Optional<VifReport> report(Key key) {
        return Optional.ofNullable(statusRows.getOrDefault(key.host(), Map.of()).get(key.vifId())).map(FleetImpl::report);
    }

    private static VifReport report(Row r) {
        return new VifReport(r.getString(VifStatus.HOST), r.getString(VifStatus.VIF_ID),
                VifReport.State.ofDbValue(r.getString(VifStatus.STATE)), r.getLong(VifStatus.GENERATION),
                r.<String>getOptional(VifStatus.ERROR).orElse(null), r.<String>getOptional(VifStatus.ERROR_TYPE).orElse(null),
                Duration.ofNanos(r.getLong(VifStatus.DURATION_US) * 1000), Instant.ofEpochMilli(r.getLong(VifStatus.UPDATED)));
    }

    private void reached(Key key, VifReport r) {
        List<Waiter> ws = waiters.get(key);
        if (ws == null) {
            return;
        }
        for (Waiter w : ws) {
            if (r.generation() >= w.generation()) {
                if (r.state() == VifReport.State.FAILED) {
                    fail(w.future(), new FleetException(key.host(), key.vifId(), r.errorType(), r.error()));
                } else {
                    w.future().settle(r, null);
                }
            }
        }
    }

    private static void fail(Reply<VifReport> f, FleetException e) {
        f.settle(null, e);
    }

    @Override
    public void rowChanged(String table, Row oldRow, Row newRow) {
        index(table, oldRow, newRow);
        if (table.equals(VifStatus.TABLE) && newRow != null) {
            reached(new Key(newRow.getString(VifStatus.HOST), newRow.getString(VifStatus.VIF_ID)), report(newRow));
        } else if (table.equals(Host.TABLE) && newRow == null) {
            String gone = oldRow.getString(Host.NAME);
            waiters.forEach((k, ws) -> {
                if (k.host().equals(gone)) {
                    ws.forEach(w -> fail(w.future(), new FleetException(k.host(), k.vifId(), null, "the host's agent is gone")));
                }
            });
        }
    }

    @Override
    public List<FleetVif> vifs(String host) {
        List<FleetVif> out = new ArrayList<>();
        for (Row r : vifRows.getOrDefault(host, Map.of()).values()) {
            out.add(vif(r, report(new Key(host, r.getString(Vif.VIF_ID)))));
        }
        return out;
    }

    @Override
    public Optional<FleetVif> vif(String host, String vifId) {
        return Optional.ofNullable(vifRows.getOrDefault(host, Map.of()).get(vifId)).map(r -> vif(r, report(new Key(host, vifId))));
    }

    private static FleetVif vif(Row r, Optional<VifReport> report) {
        return new FleetVif(r.getString(Vif.HOST), r.getString(Vif.VIF_ID), VifReport.State.ofDbValue(r.getString(Vif.DESIRED)),
                r.getLong(Vif.GENERATION), r.getString(Vif.PRIMITIVE), report);
    }

    /** Stops watching; calls still waiting fail. */
    @Override
    public void close() {
        Monitor m = monitor;
        if (m != null) {
            m.removeListener(this);
            m.close();
        }
        waiters.forEach((k, ws) -> ws.forEach(w -> w.future().completeExceptionally(
                new FleetException(k.host(), k.vifId(), null, "the fleet service stopped"))));
        // timeouts already set keep running: a call settling meanwhile may have added its waiter after the loop above
        timeouts.shutdown();
    }
}
