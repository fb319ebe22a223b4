package org.jvif.backend.ovs.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.VifCall;
import org.jvif.api.VifOutcome;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.host.linux.DeviceOwners;
import org.jvif.host.ovsdb.Row;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.OsVifException;
import org.jvif.backend.ovs.internal.OvsExceptions.AgentError;
import org.jvif.backend.ovs.internal.OvsExceptions.MissingPortProfile;
import org.jvif.backend.ovs.internal.OvsExceptions.PortSetupFailed;
import org.jvif.backend.ovs.internal.OvsExceptions.WrongPortProfile;
import org.jvif.backend.ovs.internal.Settings.InvalidSetting;
import org.jvif.host.linux.ConfigFiles;
import org.jvif.host.linux.Shared;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.NetNamespace;
import org.jvif.host.netlink.NetlinkException;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnector;
import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * os-vif's {@code vif_plug_ovs}: plugs VIFOpenVSwitch (optionally into a per-port bridge), VIFBridge (the
 * hybrid plug), VIFVHostUser and VIFHostDevice into Open vSwitch. Each plug and unplug is one OVSDB
 * transaction, merged with concurrent callers' when batching is on, and waits (configurably) until
 * ovs-vswitchd has applied it; kernel devices are made through rtnetlink in the namespace of ovs-vswitchd.
 *
 * <p>Configuration changes apply at once; calls already running finish with the configuration they began
 * with. A configuration with a bad value is refused as a whole, naming the key, and the previous one stays
 * in force; refused at activation, the backend is out of service (every call says why) until a good one comes.
 */
@Component(service = VifPlugin.class, property = VifPlugin.PLUGIN_NAME + "=" + OvsPlugin.NAME,
        configurationPid = OvsPlugin.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OvsConfig.class)
public final class OvsPlugin implements VifPlugin {
    static final String NAME = "ovs";
    static final String PID = "org.jvif.backend.ovs";
    private static final Logger LOG = LoggerFactory.getLogger(OvsPlugin.class);

    /** The configuration in force and the resources made for it. */
    private record Runtime(Settings settings, Shared<Connection> ovsdb, Shared<NetNamespace> namespace, Sysfs sysfs) {
        void release() {
            ovsdb.release();
            namespace.release();
        }

        void retire() {
            ovsdb.retire();
            namespace.retire();
        }
    }

    private final OvsdbConnector connector;
    private final NamespaceManager namespaces;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private Runtime runtime;
    /** Guarded by lock: why the backend is out of service (its configuration at activation was refused). */
    private String refused;
    /** Guarded by lock: out of service only until Config Admin delivers a readable file; callers wait for it. */
    private boolean pending;
    /**
     * Shared bridge name to the settling of the transaction a batch sent to make it: a batch beside it (the
     * start-up reconcile's first VIF ahead of the others) waits for it rather than sending its own, which
     * would fail its guard.
     */
    private final Map<String, CompletableFuture<Void>> bridgesMaking = new ConcurrentHashMap<>();

    /** Outside a framework (tests, benchmarks): the host libraries' own providers. */
    public OvsPlugin() {
        this(OvsdbConnector.standard(), NamespaceManager.standard());
    }

    /** The host libraries as services, so that other providers (or test fakes) can stand in. */
    @Activate
    public OvsPlugin(@Reference OvsdbConnector connector, @Reference NamespaceManager namespaces) {
        this.connector = connector;
        this.namespaces = namespaces;
    }

    @Activate
    void activate(Map<String, ?> properties) {
        // a bad configuration at activation leaves the backend out of service, never on the defaults: they
        // would plug into another namespace or talk plaintext to a server configured as ssl:
        Runtime rt = null;
        String why = null;
        ConfigFiles.Unread unread = ConfigFiles.unread(PID, properties);
        try {
            if (unread != null) {
                throw new IllegalStateException(unread.reason());
            }
            Settings settings = Settings.parse(properties);
            check(settings);
            rt = start(settings, null);
        } catch (RuntimeException e) {
            why = e instanceof InvalidSetting ? e.getMessage() : PID + ": " + e.getMessage();
            // a file Config Admin has yet to deliver is the normal start, said as the Linux backends say it
            if (unread != null && unread.pending()) {
                LOG.info(why + "; out of service until it is delivered");
            } else {
                LOG.error(why + "; the ovs backend is out of service until the configuration is fixed");
            }
        }
        synchronized (lock) {
            runtime = rt;
            refused = why;
            pending = unread != null && unread.pending();
        }
    }

    @Modified
    void modified(Map<String, ?> properties) {
        Settings settings;
        try {
            settings = Settings.parse(properties);
            check(settings);
        } catch (InvalidSetting e) {
            LOG.error(e.getMessage() + "; the previous configuration stays in force");
            return;
        }
        synchronized (lock) {
            if (runtime == null && refused == null) {
                return;
            }
            Runtime old = runtime;
            try {
                runtime = start(settings, old);
            } catch (RuntimeException e) {
                LOG.error(PID + ": " + e.getMessage() + (old == null ? "; the ovs backend stays out of service"
                        : "; the previous configuration stays in force"));
                return;
            }
            refused = null;
            pending = false;
            lock.notifyAll();
            if (old == null) {
                return;
            }
            if (runtime.ovsdb() != old.ovsdb()) {
                old.ovsdb().retire();
                LOG.info("ovs backend: OVSDB connection now " + runtime.settings().ovsdbConnection());
            }
            if (runtime.namespace() != old.namespace()) {
                old.namespace().retire();
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            if (runtime != null) {
                runtime.retire();
                runtime = null;
            }
            refused = null;
        }
    }

    /** Refuses a namespace that is not there: devices made elsewhere are of no use to ovs-vswitchd. */
    private void check(Settings s) {
        if (!s.networkNamespace().isEmpty() && !namespaces.exists(s.networkNamespace())) {
            throw new InvalidSetting("network_namespace", s.networkNamespace(), "no such network namespace in "
                    + NetNamespace.RUN_DIR);
        }
    }

    /** Resources for the settings, reusing the previous runtime's where they still fit. */
    private Runtime start(Settings s, Runtime previous) {
        boolean sameNamespace = previous != null && previous.settings().networkNamespace().equals(s.networkNamespace());
        // the platform's own namespace on first use: its handle waits for the netlink library's binding of the C
        // library, which the activation (a one-shot command's boot) need not wait for; another namespace at once,
        // so that one that cannot be entered is refused with the configuration
        Shared<NetNamespace> namespace = sameNamespace ? previous.namespace()
                : s.networkNamespace().isEmpty() ? Shared.opening(namespaces::current)
                : Shared.of(namespaces.open(s.networkNamespace()));
        Shared<Connection> ovsdb;
        if (previous != null && previous.settings().sameConnection(s)) {
            ovsdb = previous.ovsdb();
        } else {
            try {
                Connection o = new Connection(connector, s.ovsdbOptions());
                o.warmUp();
                ovsdb = Shared.of(o);
            } catch (RuntimeException e) {
                if (!sameNamespace) {
                    namespace.retire();
                }
                throw e;
            }
        }
        return new Runtime(s, ovsdb, namespace, new Sysfs(s.sysfsRoot()));
    }

    /** The configuration in force. */
    Settings settings() {
        synchronized (lock) {
            return runtime == null ? null : runtime.settings();
        }
    }

    /** The OVSDB client in force, as it describes itself (with its batching figures), for diagnostics. */
    String ovsdbClient() {
        Connection o;
        synchronized (lock) {
            o = runtime == null ? null : runtime.ovsdb().get();
        }
        Connection.Session s = o == null ? null : o.session().getNow(null);
        return s == null ? "not connected" : s.client().toString();
    }

    /** The runtime in force, held until {@link Runtime#release()}. */
    private Runtime acquire() {
        synchronized (lock) {
            awaitDelivery();
            if (runtime == null) {
                throw new IllegalStateException(refused != null ? "the ovs backend is out of service: " + refused
                        : "the ovs backend is not active");
            }
            // never retired while current, and retiring takes this lock: both succeed
            runtime.ovsdb().acquire();
            try {
                runtime.namespace().acquire();
            } catch (RuntimeException e) {
                runtime.ovsdb().release();
                throw e;
            }
            return runtime;
        }
    }

    /** Holding lock: while a readable configuration file is on its way through Config Admin, wait a little. */
    private void awaitDelivery() {
        ConfigFiles.awaitDelivery(lock, () -> runtime == null && pending);
    }

    @Override
    public Optional<String> outOfService() {
        synchronized (lock) {
            awaitDelivery();
            return runtime == null ? Optional.ofNullable(refused) : Optional.empty();
        }
    }

    /** Exactly what os-vif master's OvsPlugin.describe() returns. */
    @Override
    public HostPluginInfo describe() {
        HostPortProfileInfo ovs = profile("VIFPortProfileOpenVSwitch");
        HostPortProfileInfo representor = profile("VIFPortProfileOVSRepresentor");
        HostPluginInfo info = new HostPluginInfo();
        info.setPluginName(NAME);
        info.setVifInfo(List.of(vifInfo("VIFBridge", ovs), vifInfo("VIFOpenVSwitch", ovs),
                vifInfo("VIFVHostUser", ovs, representor), vifInfo("VIFHostDevice", ovs, representor)));
        return info;
    }

    private static HostPortProfileInfo profile(String name) {
        HostPortProfileInfo p = new HostPortProfileInfo();
        p.setProfileObjectName(name);
        p.setMinVersion("1.0");
        p.setMaxVersion("1.0");
        return p;
    }

    private static HostVIFInfo vifInfo(String name, HostPortProfileInfo... profiles) {
        HostVIFInfo v = new HostVIFInfo();
        v.setVifObjectName(name);
        v.setMinVersion("1.0");
        v.setMaxVersion("1.0");
        v.setSupportedPortProfiles(List.of(profiles));
        return v;
    }

    @Override
    public Set<HostObject> hostObjects(VIFBase vif) {
        Settings s = settings();
        return s == null ? Planner.hostObjects(vif, false, null)
                : Planner.hostObjects(vif, s.perPortBridge(), s.networkNamespace());
    }

    /** Compares the host with what {@link #plug} makes for this VIF; changes nothing. */
    @Override
    public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        VIFPortProfileOpenVSwitch profile = profileOf(vif);
        Runtime rt = acquire();
        try {
            KernelDevices devices = new KernelDevices(rt.namespace().get().links(), vif.getId());
            Plan plan = new Planner(rt.settings(), rt.sysfs(), devices).plug(vif, profile, instanceInfo);
            return Inspector.inspect(plan, vif.getId(), session(rt), rt.namespace().get().links(),
                    rt.settings().networkNamespace(), rt.settings().timeout());
        } finally {
            rt.release();
        }
    }

    /** {@link #inspect} for many VIFs: one OVSDB transaction and one dump of the devices for all of them. */
    @Override
    public List<List<Finding>> inspectAll(List<VifCall> calls) throws Exception {
        Runtime rt = acquire();
        try {
            List<Plan> plans = new ArrayList<>(calls.size());
            List<String> ids = new ArrayList<>(calls.size());
            for (VifCall c : calls) {
                KernelDevices devices = new KernelDevices(rt.namespace().get().links(), c.vif().getId());
                plans.add(new Planner(rt.settings(), rt.sysfs(), devices).plug(c.vif(), profileOf(c.vif()), c.instanceInfo()));
                ids.add(c.vif().getId());
            }
            return Inspector.inspectAll(plans, ids, session(rt), rt.namespace().get().links(),
                    rt.settings().networkNamespace(), rt.settings().timeout());
        } finally {
            rt.release();
        }
    }

    /**
     * Rows and devices marked as a VIF's: bridges, ports (not a marked bridge's own internal port, which goes
     * with it) and QoS rows (named by their os-vif id) from the replica; devices from the namespace.
     */
    @Override
    public List<MarkedObject> marked() throws Exception {
        Runtime rt = acquire();
        try {
            List<MarkedObject> out = new ArrayList<>();
            Replica replica = session(rt).replica();
            Set<String> bridges = new HashSet<>();
            for (Row b : replica.bridges()) {
                String owner = Replica.owner(b);
                if (owner != null) {
                    bridges.add(b.getString("name"));
                    out.add(new MarkedObject(new HostObject(HostObject.Kind.OVS_BRIDGE, b.getString("name"), null), owner));
                }
            }
            for (Row p : replica.ports()) {
                String owner = Replica.owner(p);
                if (owner != null && !bridges.contains(p.getString("name"))) {
                    out.add(new MarkedObject(new HostObject(HostObject.Kind.OVS_PORT, p.getString("name"), null), owner));
                }
            }
            for (Row q : replica.qosRows()) {
                String owner = Replica.owner(q);
                Map<String, String> ids = q.getMap("external_ids");
                if (owner != null && ids.containsKey("id")) {
                    out.add(new MarkedObject(new HostObject(HostObject.Kind.OVS_QOS, ids.get("id"), "QoS"), owner));
                }
            }
            String ns = rt.settings().networkNamespace();
            out.addAll(DeviceOwners.marked(rt.namespace().get().links(), ns.isEmpty() ? null : ns, l -> true));
            return out;
        } finally {
            rt.release();
        }
    }

    /** Removes one marked object if it still carries that mark: a port with its QoS rows, a bridge, a device. */
    @Override
    public void remove(MarkedObject m) throws Exception {
        Runtime rt = acquire();
        try {
            HostObject o = m.object();
            if (o.kind() == HostObject.Kind.DEVICE) {
                KernelDevices devices = new KernelDevices(rt.namespace().get().links(), m.vifId());
                devices.deleteIfMarked(o.name());
                return;
            }
            OvsdbPlan plan = new OvsdbPlan().onlyMarkedBy(m.vifId());
            Replica replica = session(rt).replica();
            switch (o.kind()) {
                case OVS_PORT -> {
                    plan.dropPort(o.name(), null);
                    // its QoS row too: a row still referenced by the port cannot go on its own
                    String id = OvsdbPlan.qosId(o.name());
                    replica.qosRows().stream().filter(q -> id.equals(q.getMap("external_ids").get("id")))
                            .forEach(q -> plan.qosDrops.add(q.uuid()));
                }
                case OVS_BRIDGE -> plan.dropBridge(o.name());
                case OVS_QOS -> replica.qosRows().stream().filter(q -> o.name().equals(q.getMap("external_ids").get("id")))
                        .forEach(q -> plan.qosDrops.add(q.uuid()));
                default -> {
                    return;
                }
            }
            Committer.run(plan, rt.ovsdb().get(), rt.settings().waitForVswitchd(), rt.settings().timeout(), null);
        } finally {
            rt.release();
        }
    }

    private static Connection.Session session(Runtime rt) throws InterruptedException {
        Connection ovsdb = rt.ovsdb().get();
        return Committer.await(ovsdb.session(), System.nanoTime() + rt.settings().timeout().toNanos(),
                ovsdb.options().remote());
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        CallerThread here = new CallerThread();
        here.drain(call(vif, instanceInfo, true, here));
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        CallerThread here = new CallerThread();
        here.drain(call(vif, instanceInfo, false, here));
    }

    /**
     * Holds no thread while OVSDB and ovs-vswitchd work: only the kernel steps run, on {@code executor}; the
     * transaction and the wait are futures.
     */
    @Override
    public CompletionStage<Void> plugAsync(VIFBase vif, InstanceInfo instanceInfo, Executor executor) {
        return call(vif, instanceInfo, true, executor);
    }

    @Override
    public CompletionStage<Void> unplugAsync(VIFBase vif, InstanceInfo instanceInfo, Executor executor) {
        return call(vif, instanceInfo, false, executor);
    }

    /**
     * Many VIFs at once: each one's kernel steps on this thread, their transactions together, so the client
     * merges them into a few {@code transact}s sharing a few vswitchd waits. One outcome per call, in order.
     */
    @Override
    public List<VifOutcome> plugAll(List<VifCall> calls) {
        return all(calls, true);
    }

    @Override
    public List<VifOutcome> unplugAll(List<VifCall> calls) {
        return all(calls, false);
    }

    private List<VifOutcome> all(List<VifCall> calls, boolean plug) {
        CallerThread here = new CallerThread();
        awaitSession();
        List<CompletableFuture<Void>> running = new ArrayList<>(calls.size());
        // unplugs: every VIF's devices deleted together at the end, in one kernel batch
        List<String> deletions = plug ? null : new ArrayList<>();
        List<List<String>> each = new ArrayList<>(calls.size());
        // every VIF's kernel steps first, then all transactions at once: those behind the first in flight merge
        CompletableFuture<Void> kernelDone = new CompletableFuture<>();
        Batch batch = new Batch(kernelDone, plug ? devices() : null, bridgesMaking);
        for (VifCall c : calls) {
            List<String> own = plug ? null : new ArrayList<>();
            each.add(own);
            running.add(call(c.vif(), c.instanceInfo(), plug, here, own, batch));
        }
        // queued behind every VIF's first kernel steps
        here.execute(() -> kernelDone.complete(null));
        List<VifOutcome> out = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Throwable error = null;
            try {
                here.drain(running.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = e;
            } catch (Exception | LinkageError | AssertionError e) {
                error = e;
            }
            out.add(new VifOutcome(calls.get(i), error));
        }
        if (deletions != null) {
            each.forEach(deletions::addAll);
            RuntimeException failed = deleteAll(deletions);
            if (failed != null) {
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).error() == null && !each.get(i).isEmpty()) {
                        VIFBase vif = calls.get(i).vif();
                        out.set(i, new VifOutcome(calls.get(i), new AgentError(vif.objName() + " " + vif.getId()
                                + ": unplug: deleting its devices " + each.get(i) + " (with those of the other VIFs "
                                + "unplugged together): " + failed.getMessage(), failed)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Waits, within the timeout, for the OVSDB session: with it there, every call of a batch queues its kernel
     * steps at once, ahead of the batch's start. Without it, each call fails as it will.
     */
    private void awaitSession() {
        try {
            Runtime rt = acquire();
            try {
                session(rt);
            } finally {
                rt.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // each call says why
        }
    }

    /** One kernel batch for the devices of many unplugs; null when it went well. */
    private RuntimeException deleteAll(List<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        Runtime rt;
        try {
            rt = acquire();
        } catch (RuntimeException e) {
            return e;
        }
        try {
            rt.namespace().get().links().deleteAll(names);
            return null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            rt.release();
        }
    }

    /**
     * One plug or unplug: inputs checked and the plan made at once (a refusal fails the future before anything
     * is done), then the owner check, the kernel steps before the transaction, the transaction with the kernel
     * steps during it, the steps after; a failed plug undoes its kernel changes. Kernel steps run on
     * {@code kernel}; nothing blocks waiting for OVSDB.
     */
    private CompletableFuture<Void> call(VIFBase vif, InstanceInfo instanceInfo, boolean plug, Executor kernel) {
        return call(vif, instanceInfo, plug, kernel, null, Batch.NONE);
    }

    /**
     * @param deletions where an unplug's device deletions are collected (bulk), or null to delete them at once
     * @param batch what the calls of a batch share: when the transaction is sent (after every VIF's kernel steps,
     *     and after the transaction making a bridge it needs), one dump of the devices
     */
    private CompletableFuture<Void> call(VIFBase vif, InstanceInfo instanceInfo, boolean plug, Executor kernel,
            List<String> deletions, Batch batch) {
        Runtime rt;
        KernelDevices devices;
        Plan plan;
        try {
            VIFPortProfileOpenVSwitch profile = profileOf(vif);
            rt = acquire();
            try {
                devices = new KernelDevices(rt.namespace().get().links(), vif.getId());
                if (deletions != null) {
                    devices.collectDeletions(deletions);
                }
                if (batch.devices != null) {
                    devices.lookUpIn(batch.devices);
                }
                Planner planner = new Planner(rt.settings(), rt.sysfs(), devices);
                plan = plug ? planner.plug(vif, profile, instanceInfo) : planner.unplug(vif, profile);
            } catch (RuntimeException | Error e) {
                rt.release();
                throw e;
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Settings s = rt.settings();
        Connection ovsdb = rt.ovsdb().get();
        long deadline = System.nanoTime() + s.timeout().toNanos();
        CompletableFuture<Void> done = Committer.bounded(ovsdb.session(), deadline, ovsdb.options().remote())
                .thenApplyAsync(session -> {
                    if (plug) {
                        // before anything is made: nothing to undo if refused
                        plan.ovsdb.checkOwners(session.replica());
                        devices.checkOwners(plan.devices, s.networkNamespace().isEmpty() ? null : s.networkNamespace());
                    }
                    plan.before.forEach(step -> step.accept(devices));
                    return batch.turn(plan.ovsdb, session, ovsdb, s.timeout());
                }, kernel)
                .thenCompose(turn -> turn.thenCompose(x -> {
                    CompletableFuture<Void> txn = Committer.runAsync(plan.ovsdb, ovsdb, s.waitForVswitchd(), s.timeout());
                    if (plan.during.isEmpty()) {
                        return txn;
                    }
                    CompletableFuture<Void> side = CompletableFuture.runAsync(
                            () -> plan.during.forEach(step -> step.accept(devices)), kernel);
                    // the transaction's failure first, the kernel's added to it
                    return txn.handle((v, t) -> t).thenCombine(side.handle((v, t) -> t), (t, k) -> {
                        Throwable first = t != null ? Committer.unwrap(t) : k != null ? Committer.unwrap(k) : null;
                        if (first == null) {
                            return null;
                        }
                        if (t != null && k != null) {
                            first.addSuppressed(Committer.unwrap(k));
                        }
                        throw new CompletionException(first);
                    });
                }))
                .thenRunAsync(() -> plan.after.forEach(step -> step.accept(devices)), kernel);
        CompletableFuture<Void> result = new CompletableFuture<>();
        done.whenComplete((v, t) -> {
            if (t == null) {
                rt.release();
                result.complete(null);
                return;
            }
            Throwable cause = Committer.unwrap(t);
            kernel.execute(() -> {
                try {
                    List<String> undone = plug ? devices.rollback(cause) : List.of();
                    if (cause instanceof HostObjectTaken || !(cause instanceof Exception e)) {
                        // refused before anything was made, or an Error: said as it is
                        result.completeExceptionally(cause);
                    } else {
                        result.completeExceptionally(failed(vif, plug ? "plug" : "unplug", e, undone, s));
                    }
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                } finally {
                    rt.release();
                }
            });
        });
        return result;
    }

    /** The devices of the namespace by name, one dump for a batch's owner checks; null when it cannot be had. */
    private Map<String, Link> devices() {
        try {
            Runtime rt = acquire();
            try {
                Map<String, Link> out = new HashMap<>();
                rt.namespace().get().links().links().forEach(l -> out.put(l.name(), l));
                return out;
            } finally {
                rt.release();
            }
        } catch (RuntimeException e) {
            return null; // each call looks its devices up, and fails as it will
        }
    }

    /**
     * What the calls of a batch share. When their transactions go: after every VIF's kernel steps (so that they
     * merge), and those needing a shared bridge the replica lacks once a transaction of the batch's own has
     * made it and the replica shows it (compiled before the bridge exists, each would insert it: all but one would fail their guard and
     * be built and sent again, one by one). That transaction goes at once, as os-vif's {@code add_br}, and is
     * not waited for by ovs-vswitchd: the ports' transactions are. Those are all committed while the OVSDB client
     * holds them ({@link OvsdbClient#holding}), so they go merged, none alone ahead of the
     * others. And for plugs, one dump of the devices for the owner checks.
     */
    private static final class Batch {
        static final Batch NONE = new Batch(CompletableFuture.completedFuture(null), null, Map.of());
        /** How long the replica may take to show a bridge once its transaction's reply is in: a monitor update. */
        private static final long BRIDGE_SEEN_SECONDS = 5;

        /** After every VIF's kernel steps before its transaction. */
        private final CompletableFuture<Void> start;
        /** When the transactions go: after {@code start} and the bridges they need. */
        private final CompletableFuture<Void> go = new CompletableFuture<>();
        /** Shared bridge name to the settling (either way) of the transaction making it; guarded by this. */
        private final Map<String, CompletableFuture<Void>> making = new HashMap<>();
        /** The client the transactions go through; guarded by this. */
        private OvsdbClient client;
        /** The devices by name before anything of the batch was made, or null to look each up. */
        final Map<String, Link> devices;
        /** The plugin's bridges being made, by any batch. */
        private final Map<String, CompletableFuture<Void>> bridgesMaking;

        Batch(CompletableFuture<Void> start, Map<String, Link> devices, Map<String, CompletableFuture<Void>> bridgesMaking) {
            this.start = start;
            this.devices = devices;
            this.bridgesMaking = bridgesMaking;
            start.whenComplete((x, t) -> {
                CompletableFuture<?>[] bridges;
                synchronized (this) {
                    bridges = making.values().toArray(CompletableFuture[]::new);
                }
                CompletableFuture.allOf(bridges).whenComplete((y, u) -> {
                    OvsdbClient c;
                    synchronized (this) {
                        c = client;
                    }
                    if (c == null) {
                        go.complete(null);
                    } else {
                        c.holding(() -> go.complete(null));
                    }
                });
            });
        }

        /** When a transaction of {@code plan} may go. */
        CompletableFuture<Void> turn(OvsdbPlan plan, Connection.Session session, Connection ovsdb, Duration timeout) {
            if (this == NONE) {
                return start;
            }
            synchronized (this) {
                client = session.client();
                for (OvsdbPlan.BridgeWant b : plan.bridges) {
                    if (!plan.ownBridges.contains(b.name()) && session.replica().bridge(b.name()) == null) {
                        // failed, or not seen soon (this session's replica may be gone with its connection), the
                        // ports' transactions insert it themselves
                        if (!making.containsKey(b.name())) {
                            making.put(b.name(), bridge(b, session.replica(), ovsdb, timeout));
                        }
                    }
                }
            }
            return go;
        }

        /** The settling of the transaction making a bridge: another batch's on its way, or one sent now. */
        private CompletableFuture<Void> bridge(OvsdbPlan.BridgeWant b, Replica replica, Connection ovsdb, Duration timeout) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> theirs = bridgesMaking.putIfAbsent(b.name(), mine);
            if (theirs != null) {
                return theirs;
            }
            CompletableFuture<Void> made;
            try {
                made = Committer.runAsync(new OvsdbPlan().bridge(b.name(), b.datapathType()), ovsdb, false, timeout)
                        .thenCompose(x -> replica.bridgeSeen(b.name()).orTimeout(BRIDGE_SEEN_SECONDS, TimeUnit.SECONDS));
            } catch (RuntimeException e) {
                made = CompletableFuture.failedFuture(e);
            }
            made.whenComplete((x, t) -> {
                bridgesMaking.remove(b.name(), mine);
                mine.complete(null);
            });
            return mine;
        }
    }

    /**
     * An executor that runs its tasks on the one thread waiting in {@link #drain}: the kernel steps of a
     * blocking plug stay on the caller's thread, as they would without futures.
     */
    private static final class CallerThread implements Executor {
        private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        /** Set when the caller stopped waiting (interrupted): tasks then run where they are handed over. */
        private volatile boolean gone;

        @Override
        public void execute(Runnable task) {
            if (gone) {
                task.run();
            } else {
                tasks.add(task);
                if (gone) {
                    runQueued();
                }
            }
        }

        private void runQueued() {
            for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
                r.run();
            }
        }

        /** Runs tasks until {@code f} is done, then returns or throws what it failed with. */
        void drain(CompletableFuture<Void> f) throws Exception {
            f.whenComplete((v, t) -> tasks.add(() -> { }));
            try {
                while (!f.isDone()) {
                    tasks.take().run();
                }
            } catch (InterruptedException e) {
                // the call goes on without this thread, so that a failed plug still undoes what it made
                gone = true;
                runQueued();
                throw e;
            }
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = Committer.unwrap(e);
                if (c instanceof Exception x) {
                    throw x;
                }
                throw (Error) c;
            }
        }
    }

    /**
     * A failure once the host was being changed, said with the VIF, the step and what was taken back: os-vif's
     * error types stay, anything else (a kernel or OVSDB error) becomes os-vif's {@code AgentError}.
     */
    private static Exception failed(VIFBase vif, String call, Exception e, List<String> undone, Settings s) {
        if (e instanceof InterruptedException) {
            return e;
        }
        String prefix = vif.objName() + " " + vif.getId() + ": " + call + ": ";
        String suffix = undone.isEmpty() ? "" : "; taken back in the kernel: " + String.join(", ", undone);
        if (e instanceof PortSetupFailed p) {
            return p.note(prefix, suffix);
        }
        if (e instanceof AgentError a) {
            return a.note(prefix, suffix);
        }
        if (e instanceof OsVifException) {
            return e;
        }
        String step = e instanceof NetlinkException ? "kernel ("
                + (s.networkNamespace().isEmpty() ? "this process's network namespace" : "network namespace "
                        + s.networkNamespace()) + ")"
                : e instanceof OvsdbException ? "OVSDB " + s.ovsdbConnection() : "kernel";
        return new AgentError(prefix + step + ": " + e.getMessage() + suffix, e);
    }

    /** os-vif's checks, in its order: a port profile, of the Open vSwitch kind. */
    private static VIFPortProfileOpenVSwitch profileOf(VIFBase vif) {
        VIFPortProfileBase profile = vif.isSet(VIFBase.PORT_PROFILE) ? vif.getPortProfile() : null;
        if (profile == null) {
            throw new MissingPortProfile();
        }
        if (!(profile instanceof VIFPortProfileOpenVSwitch ovs)) {
            throw new WrongPortProfile(profile.objName());
        }
        return ovs;
    }
}
