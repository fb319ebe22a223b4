package org.jvif.registry.internal;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jvif.api.CheckReport;
import org.jvif.api.GcReport;
import org.jvif.api.HostObject;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.NoMatchingPortProfileClass;
import org.jvif.api.NoMatchingVIFClass;
import org.jvif.api.NoSupportedPortProfileVersion;
import org.jvif.api.NoSupportedVIFVersion;
import org.jvif.api.OsVif;
import org.jvif.api.OsVifException;
import org.jvif.api.PlugException;
import org.jvif.api.PluggedVifs;
import org.jvif.api.UnplugException;
import org.jvif.api.VifCall;
import org.jvif.api.VifHostState;
import org.jvif.api.VifOutcome;
import org.jvif.api.VifPlugin;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.DatapathOffloadBase;
import org.jvif.api.model.FixedIP;
import org.jvif.api.model.FixedIPList;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.Route;
import org.jvif.api.model.RouteList;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFBase;
import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectType;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * os-vif's library state as an OSGi whiteboard: the object classes are the API's base classes plus every
 * {@link VersionedObjectType} service, the plugins are the {@link VifPlugin} services by their
 * {@value VifPlugin#PLUGIN_NAME} property.
 *
 * <p>Every plug and unplug is recorded ({@link PluggedVifs}) in a durable record ({@link Journal}, intent
 * before the backend is called, outcome after) and published through EventAdmin when there is one. Calls on
 * one VIF id or on one of its host objects ({@link VifPlugin#hostObjects}) run one at a time in arrival
 * order ({@link Sequencer}); others run concurrently. The EventAdmin reference is looked up by name, never
 * injected, so no member of this class names its API and the bundle resolves and runs without it (optional
 * import). The record is the desired state that check, repair,
 * gc and start-up reconcile ({@link HostState}) hold the host to.
 *
 * <p>Readers (decoding, plug, unplug, host info) take no lock: each reads one immutable snapshot from a
 * volatile field. Binding and unbinding build a new snapshot under a lock that readers never touch, so a
 * backend that leaves during a plug neither waits for nor blocks that plug.
 */
// immediate: the record is opened and the host reconciled once per start, not again each time SCR
// disposes a delayed component whose last user let go
@Component(immediate = true, service = {OsVif.class, PluggedVifs.class, VifHostState.class}, configurationPid = OsVifRegistry.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, reference = @Reference(name = OsVifRegistry.EVENTS,
        service = EventAdmin.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY))
@Designate(ocd = RegistryConfig.class)
public final class OsVifRegistry implements OsVif, PluggedVifs, VifHostState {
    static final String PID = "org.jvif.registry";
    /** Framework property naming the record's file when the configuration does not. */
    static final String RECORD_FILE_PROPERTY = "org.jvif.registry.record_file";
    /**
     * Framework property giving {@code reconcile_on_start} where the configuration does not: the launcher's
     * one-shot runs say {@code report}, so a command run without a daemon does only what it was asked.
     */
    static final String RECONCILE_PROPERTY = "org.jvif.registry.reconcile_on_start";
    /**
     * Framework property: {@code on_first_use} opens the record at the first call that needs it (plug, unplug,
     * the record's reads, check, repair, gc, reconcile), and starts the start-up reconcile then, rather than at
     * activation: the launcher's one-shot runs say so, so that a command that never needs the record (host-info,
     * types) neither opens it (writing the file's header) nor closes it.
     */
    static final String RECORD_OPEN_PROPERTY = "org.jvif.registry.record_open";
    private static final Logger LOG = LoggerFactory.getLogger(OsVifRegistry.class);

    /** The classes os-vif registers whatever plugins are installed; the type bundles extend these. */
    static final List<ObjectSchema> BUILT_IN = List.of(VIFBase.SCHEMA, VIFPortProfileBase.SCHEMA,
            DatapathOffloadBase.SCHEMA, Network.SCHEMA, Subnet.SCHEMA, SubnetList.SCHEMA, FixedIP.SCHEMA,
            FixedIPList.SCHEMA, Route.SCHEMA, RouteList.SCHEMA, InstanceInfo.SCHEMA, HostInfo.SCHEMA,
            HostPluginInfo.SCHEMA, HostVIFInfo.SCHEMA, HostPortProfileInfo.SCHEMA);

    private final Object writeLock = new Object();
    /** Guarded by writeLock. */
    private final List<Bound<ObjectSchema>> typeServices = new ArrayList<>();
    /** Guarded by writeLock. */
    private final List<Bound<VifPlugin>> pluginServices = new ArrayList<>();

    private volatile Types types = Types.of(BUILT_IN, List.of());
    private volatile Backends backends = Backends.NONE;

    /** In memory until activation opens the durable one; a call keeps the one it started with. */
    volatile Ledger ledger = new Ledger(Ledger.LIMIT, Clock.systemUTC());
    final Sequencer sequencer = new Sequencer();
    /** Runs the blocking backends' asynchronous calls and start-up reconcile; its threads end when idle. */
    final ThreadPoolExecutor pool = pool();
    /**
     * Publishes the calls' outcomes (the audit line, the event) in the order the calls ended, off the callers'
     * threads and in batches: the logger's formatting and the event's hand-off took a third of a noop plug
     * through the daemon, and a thread woken for each outcome took the caller's core (on two cores).
     */
    private final ThreadPoolExecutor publications = publications();
    private final ConcurrentLinkedQueue<Runnable> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean publishing = new AtomicBoolean();
    /** How long outcomes gather before they are published. */
    private static final long PUBLISH_AFTER_MILLIS = 20;
    final HostState hostState = new HostState(this);
    private volatile Path recordFile;
    /** While the record's open waits for its first use: whether the start-up reconcile repairs; else null. */
    private volatile Boolean openPending;
    private final Object recordLock = new Object();

    static final String EVENTS = "events";
    private volatile ComponentContext context;
    private final RecordPublisher publisher = (r, nanos, error) -> {
        ComponentContext c = context;
        Object events = c == null ? null : c.locateService(EVENTS);
        if (events != null) {
            EventAdminPublisher.of(events).publish(r, nanos, error);
        }
    };

    private static ThreadPoolExecutor publications() {
        // its thread ends a second after the last batch
        ThreadPoolExecutor p = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = platformThread(r, "jvif-registry-outcomes");
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Publishes a call's outcome after those of the calls that ended before it, within {@value #PUBLISH_AFTER_MILLIS} ms.
     * While calls keep ending, the publishing thread goes on gathering batch after batch by itself: only the first
     * outcome after a pause wakes it, not one call in each batch (on two cores, that wake took a core from
     * ovsdb-server or ovs-vswitchd).
     */
    private void publish(VifRecord r, Throwable error) {
        outcomes.add(() -> Ledger.publish(r, error, publisher));
        if (!publishing.compareAndSet(false, true)) {
            return; // a batch is gathering
        }
        try {
            publications.execute(() -> {
                do {
                    try {
                        Thread.sleep(PUBLISH_AFTER_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        publishing.set(false);
                        publishGathered();
                        return;
                    }
                    publishGathered();
                } while (gatherMore());
            });
        } catch (RejectedExecutionException stopped) {
            publishing.set(false);
            publishGathered();
        }
    }

    /** After a batch: whether another is gathering already (outcomes came meanwhile), else the thread stops gathering. */
    private boolean gatherMore() {
        if (!outcomes.isEmpty()) {
            return true;
        }
        publishing.set(false);
        // one added before the flag went down found it up and left its outcome to this thread
        return !outcomes.isEmpty() && publishing.compareAndSet(false, true);
    }

    private void publishGathered() {
        for (Runnable o = outcomes.poll(); o != null; o = outcomes.poll()) {
            try {
                o.run();
            } catch (RuntimeException e) {
                LOG.warn("publishing an outcome failed: " + e, e);
            }
        }
    }

    /**
     * A thread of the platform's, inheriting nothing of the thread that happens to make it: a console command's
     * thread carries its session's streams in inheritable thread locals (Gogo), and a pool thread first made by
     * one would log into that session for as long as it lives.
     */
    private static Thread platformThread(Runnable r, String name) {
        return new Thread(null, r, name, 0, false);
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(16, 16, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = platformThread(r, "jvif-registry-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Opens the durable record (the file the configuration, the framework or Karaf names, else the bundle's
     * data area) and reconciles the host with it as backends arrive.
     */
    @Activate
    void activate(ComponentContext context, RegistryConfig config) {
        this.context = context;
        boolean repair = repairOnStart(mode(context, config));
        if ("on_first_use".equals(context.getBundleContext().getProperty(RECORD_OPEN_PROPERTY))) {
            openOnFirstUse(recordFile(context.getBundleContext(), config), repair);
        } else {
            open(recordFile(context.getBundleContext(), config), repair);
        }
    }

    /**
     * A configuration change while running: a new {@code reconcile_on_start} applies to the backends that
     * arrive from now on; another {@code record_file} is refused (it applies at the next start). A refused
     * change leaves the configuration in force as it was.
     */
    @Modified
    void modified(RegistryConfig config) {
        boolean repair = repairOnStart(mode(context, config));
        Path file = recordFile(context.getBundleContext(), config);
        if (!file.equals(recordFile)) {
            throw new IllegalArgumentException(PID + ": record_file " + file + " cannot replace " + recordFile
                    + " while the platform runs; it applies at the next start");
        }
        synchronized (recordLock) {
            if (openPending != null) {
                openPending = repair;
            }
        }
        hostState.repairOnStart(repair);
    }

    /** {@code reconcile_on_start} as configured, else as the framework property says, else the default. */
    static String mode(ComponentContext context, RegistryConfig config) {
        if (context.getProperties().get("reconcile_on_start") == null) {
            String property = context.getBundleContext().getProperty(RECONCILE_PROPERTY);
            if (property != null && !property.isBlank()) {
                return property.trim();
            }
        }
        return config.reconcile__on__start();
    }

    /** {@code reconcile_on_start}: true for repair, false for report; anything else is refused. */
    static boolean repairOnStart(RegistryConfig config) {
        return repairOnStart(config.reconcile__on__start());
    }

    static boolean repairOnStart(String mode) {
        if (!"repair".equals(mode) && !"report".equals(mode)) {
            throw new IllegalArgumentException(PID + ": reconcile_on_start must be repair or report, not '" + mode + "'");
        }
        return "repair".equals(mode);
    }

    /** Takes the record in {@code file} and starts reconciling the host with it. */
    void open(Path file, boolean repairOnStart) {
        recordFile = file;
        Ledger opened = new Ledger(Journal.open(file), Ledger.LIMIT, Clock.systemUTC(), (id, err) -> LOG.error(
                "record " + file + ": entry of VIF " + id + " cannot be read, ignored: " + err));
        ledger.close();
        ledger = opened;
        LOG.info("record of VIFs in " + file + ": " + opened.all().size() + " entries");
        hostState.start(repairOnStart);
    }

    /** As {@link #open}, at the first call that needs the record ({@link #ledger()}). */
    void openOnFirstUse(Path file, boolean repairOnStart) {
        recordFile = file;
        openPending = repairOnStart;
    }

    /**
     * The record, opened first when its open waits for its first use; an open that fails is tried again by the
     * next call. The open runs on a thread that inherits nothing of the caller's: a console command's thread
     * carries its session's streams in inheritable thread locals (Gogo), and what the open and the start-up
     * reconcile's threads log belongs in the platform's log, not in the command's output.
     */
    Ledger ledger() {
        if (openPending != null) {
            synchronized (recordLock) {
                Boolean repair = openPending;
                if (repair != null) {
                    AtomicReference<RuntimeException> failed = new AtomicReference<>();
                    Thread t = platformThread(() -> {
                        try {
                            open(recordFile, repair);
                        } catch (RuntimeException e) {
                            failed.set(e);
                        }
                    }, "jvif-record-open");
                    t.start();
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the record " + recordFile + " opens", e);
                    }
                    if (failed.get() != null) {
                        throw failed.get();
                    }
                    openPending = null;
                }
            }
        }
        return ledger;
    }

    static Path recordFile(BundleContext context, RegistryConfig config) {
        String configured = config.record__file();
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String property = context.getProperty(RECORD_FILE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        String karafData = context.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData.trim(), "jvif", "record.mv.db");
        }
        File data = context.getDataFile("record.mv.db");
        if (data == null) {
            throw new IllegalStateException(PID + ": no record_file configured and the framework gives no data area");
        }
        return data.toPath();
    }

    @Deactivate
    void deactivate() {
        hostState.stop();
        pool.shutdown();
        publications.shutdown();
        try {
            publications.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
    }

    @Reference(name = "types", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeType")
    void addType(VersionedObjectType type, Map<String, ?> properties) {
        ObjectSchema schema = type.schema();
        if (schema == null) {
            throw new IllegalArgumentException("VersionedObjectType service " + properties + " has no schema");
        }
        Bound<ObjectSchema> bound = Bound.of(properties, schema.name(), schema);
        synchronized (writeLock) {
            typeServices.add(bound);
            types = Types.of(BUILT_IN, typeServices);
        }
        hostState.arrived();
    }

    void removeType(VersionedObjectType type, Map<String, ?> properties) {
        long id = Bound.idOf(properties);
        synchronized (writeLock) {
            if (typeServices.removeIf(b -> b.id() == id)) {
                types = Types.of(BUILT_IN, typeServices);
            }
        }
    }

    /**
     * A backend without a non-empty String {@value VifPlugin#PLUGIN_NAME} cannot be routed to and is left
     * out.
     */
    @Reference(name = "plugins", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removePlugin", updated = "updatePlugin")
    void addPlugin(VifPlugin plugin, Map<String, ?> properties) {
        Object name = properties.get(VifPlugin.PLUGIN_NAME);
        if (!(name instanceof String) || ((String) name).isEmpty()) {
            return;
        }
        Bound<VifPlugin> bound = Bound.of(properties, (String) name, plugin);
        synchronized (writeLock) {
            pluginServices.add(bound);
            backends = Backends.of(pluginServices);
        }
        hostState.arrived();
    }

    void removePlugin(VifPlugin plugin, Map<String, ?> properties) {
        long id = Bound.idOf(properties);
        synchronized (writeLock) {
            if (pluginServices.removeIf(b -> b.id() == id)) {
                backends = Backends.of(pluginServices);
            }
        }
    }

    /** The plugin name or ranking may have changed. */
    void updatePlugin(VifPlugin plugin, Map<String, ?> properties) {
        synchronized (writeLock) {
            removePlugin(plugin, properties);
            addPlugin(plugin, properties);
        }
    }

    @Override
    public ObjectSchema schema(String name) {
        return types.schema(name);
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        run(new Call(vif, instanceInfo, true));
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        run(new Call(vif, instanceInfo, false));
    }

    @Override
    public CompletionStage<Void> plugAsync(VIFBase vif, InstanceInfo instanceInfo) {
        return runAsync(new Call(vif, instanceInfo, true));
    }

    @Override
    public CompletionStage<Void> unplugAsync(VIFBase vif, InstanceInfo instanceInfo) {
        return runAsync(new Call(vif, instanceInfo, false));
    }

    @Override
    public List<VifOutcome> plugAll(List<VifCall> calls) {
        return runAll(calls, true, null);
    }

    @Override
    public List<VifOutcome> unplugAll(List<VifCall> calls) {
        return runAll(calls, false, null);
    }

    /** A blocking call: waits its turn in the caller's thread, then calls the backend there. */
    private void run(Call c) {
        Sequencer.Ticket t = c.enter();
        try {
            try {
                t.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw c.wrap(e); // nothing done, nothing recorded
            }
            c.begin(true);
            try {
                if (c.plug) {
                    c.backend.plug(c.vif, c.instanceInfo);
                } else {
                    c.backend.unplug(c.vif, c.instanceInfo);
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                throw c.fail(c.wrap(keepInterrupt(e)));
            }
            c.succeed();
        } finally {
            t.leave();
        }
    }

    /**
     * An asynchronous call: its turn and the backend's work hold no thread of the caller's. The intent is
     * written in its turn and committed on the pool before the backend is called, so the caller does not wait
     * for the record's file and calls issued together share commits.
     */
    private CompletionStage<Void> runAsync(Call c) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            c.find();
        } catch (RuntimeException e) {
            refuseAsync(c, e, done);
            return done;
        }
        Sequencer.Ticket t = sequencer.enter(c.keys);
        t.turn().thenRun(() -> {
            try {
                c.begin(false);
                pool.execute(() -> callAsync(c, t, done));
            } catch (RuntimeException e) {
                t.leave();
                done.completeExceptionally(e instanceof OsVifException ? e : c.fail(c.wrap(e)));
            }
        });
        return done;
    }

    /**
     * An asynchronous call refused before its turn (no backend, or its host objects not named): the failure is
     * recorded and committed in its turn on the VIF id, on the pool, then told; not in the caller's thread, which
     * can be an OVSDB reader (the fleet agent's).
     */
    private void refuseAsync(Call c, RuntimeException e, CompletableFuture<Void> done) {
        Sequencer.Ticket t = sequencer.enter(keys(idOf(c.vif), List.of()));
        Runnable refuse = () -> {
            try {
                c.refused(e);
            } finally {
                t.leave();
                done.completeExceptionally(e);
            }
        };
        t.turn().thenRun(() -> {
            try {
                pool.execute(refuse);
            } catch (RejectedExecutionException stopped) {
                refuse.run();
            }
        });
    }

    /** {@link #runAsync}'s part on the pool: the intent committed, then the backend's asynchronous call. */
    private void callAsync(Call c, Sequencer.Ticket t, CompletableFuture<Void> done) {
        CompletionStage<Void> work;
        try {
            c.ledger.commitIntents();
            work = c.plug ? c.backend.plugAsync(c.vif, c.instanceInfo, pool)
                    : c.backend.unplugAsync(c.vif, c.instanceInfo, pool);
        } catch (RuntimeException e) {
            t.leave();
            done.completeExceptionally(e instanceof OsVifException ? e : c.fail(c.wrap(e)));
            return;
        }
        work.whenComplete((v, e) -> {
            try {
                if (e == null) {
                    c.succeed();
                } else {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    throw c.fail(c.wrap(cause));
                }
                done.complete(null);
            } catch (RuntimeException err) {
                done.completeExceptionally(err);
            } finally {
                t.leave();
            }
        });
    }

    /**
     * A batch: in waves of calls with no VIF id or host object in common (a call waits for the wave of an
     * earlier call it shares one with), each wave's intents in one commit, one {@code plugAll} per backend,
     * the outcomes in one commit.
     *
     * @param recorded per call, the record its VIF was read from (its intent carries that record's primitives,
     *     not a serialization of the object read from them), or null
     */
    List<VifOutcome> runAll(List<VifCall> calls, boolean plug, List<VifRecord> recorded) {
        VifOutcome[] out = new VifOutcome[calls.size()];
        List<List<Integer>> waves = new ArrayList<>();
        List<Set<String>> waveKeys = new ArrayList<>();
        Call[] prepared = new Call[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            VifCall vc = calls.get(i);
            Call c = new Call(vc.vif(), vc.instanceInfo(), plug);
            c.recorded = recorded == null ? null : recorded.get(i);
            try {
                c.resolve();
            } catch (RuntimeException e) {
                out[i] = new VifOutcome(vc, e);
                continue;
            }
            prepared[i] = c;
            int wave = 0;
            for (int w = waves.size() - 1; w >= 0; w--) {
                if (!Collections.disjoint(waveKeys.get(w), c.keys)) {
                    wave = w + 1;
                    break;
                }
            }
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
                waveKeys.add(new HashSet<>());
            }
            waves.get(wave).add(i);
            waveKeys.get(wave).addAll(c.keys);
        }
        for (List<Integer> wave : waves) {
            runWave(calls, prepared, wave, out);
        }
        return Arrays.asList(out);
    }

    private void runWave(List<VifCall> calls, Call[] prepared, List<Integer> wave, VifOutcome[] out) {
        List<Sequencer.Ticket> tickets = new ArrayList<>(wave.size());
        try {
            for (int i : wave) {
                tickets.add(sequencer.enter(prepared[i].keys));
            }
            for (Sequencer.Ticket t : tickets) {
                try {
                    t.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    for (int i : wave) {
                        out[i] = new VifOutcome(calls.get(i), prepared[i].wrap(e));
                    }
                    return;
                }
            }
            Map<VifPlugin, List<Integer>> byBackend = new LinkedHashMap<>();
            Ledger l = null;
            for (int i : wave) {
                Call c = prepared[i];
                try {
                    c.begin(false);
                    l = c.ledger;
                    byBackend.computeIfAbsent(c.backend, k -> new ArrayList<>()).add(i);
                } catch (RuntimeException e) {
                    out[i] = new VifOutcome(calls.get(i), e);
                }
            }
            if (l != null) {
                l.commitIntents();
            }
            List<Runnable> publish = new ArrayList<>();
            boolean failed = false;
            for (Map.Entry<VifPlugin, List<Integer>> e : byBackend.entrySet()) {
                List<VifCall> batch = new ArrayList<>(e.getValue().size());
                for (int i : e.getValue()) {
                    batch.add(calls.get(i));
                }
                List<VifOutcome> done;
                try {
                    done = prepared[e.getValue().get(0)].plug ? e.getKey().plugAll(batch) : e.getKey().unplugAll(batch);
                    if (done == null || done.size() != batch.size()) {
                        throw new IllegalStateException("VIF plugin " + prepared[e.getValue().get(0)].backendName
                                + " answered a batch of " + batch.size() + " with " + (done == null ? 0 : done.size()));
                    }
                } catch (RuntimeException | LinkageError err) {
                    List<VifOutcome> all = new ArrayList<>(batch.size());
                    for (VifCall vc : batch) {
                        all.add(new VifOutcome(vc, err));
                    }
                    done = all;
                }
                for (int k = 0; k < batch.size(); k++) {
                    int i = e.getValue().get(k);
                    Call c = prepared[i];
                    Throwable err = done.get(k).error();
                    if (err == null) {
                        publish.add(c.written(null));
                        out[i] = new VifOutcome(calls.get(i), null);
                    } else {
                        failed = true;
                        OsVifException wrapped = c.wrap(err);
                        publish.add(c.written(wrapped));
                        out[i] = new VifOutcome(calls.get(i), wrapped);
                    }
                }
            }
            if (l != null && failed) {
                l.commit(); // successes become durable as a single call's do
            }
            publish.forEach(Runnable::run);
        } finally {
            tickets.forEach(Sequencer.Ticket::leave);
        }
    }

    /**
     * One plug or unplug: its backend, its host objects and keys, its intent and outcome in the record. The
     * record says what the caller was told, refusals (no backend, an object held by another VIF) included.
     */
    private final class Call {
        final VIFBase vif;
        final InstanceInfo instanceInfo;
        final boolean plug;
        final long start = System.nanoTime();
        final Ledger ledger = OsVifRegistry.this.ledger();
        VifPlugin backend;
        String backendName;
        Set<HostObject> objects;
        List<String> names;
        List<String> keys;
        /** The VIF's entry before this call's intent. */
        Journal.Entry before;
        /** Its intent, once written. */
        VifRecord asked;
        /** The record the VIF was read from, whose primitives the intent carries; null to serialize the VIF. */
        VifRecord recorded;

        Call(VIFBase vif, InstanceInfo instanceInfo, boolean plug) {
            this.vif = vif;
            this.instanceInfo = instanceInfo;
            this.plug = plug;
        }

        /** Finds the backend and the VIF's host objects; a failure is recorded and thrown. */
        void resolve() {
            try {
                find();
            } catch (RuntimeException e) {
                refused(e);
                throw e;
            }
        }

        /** Finds the backend and the VIF's host objects. */
        void find() {
            backendName = vif.getPlugin();
            backend = backendOf(vif);
            try {
                objects = backend.hostObjects(vif);
            } catch (RuntimeException e) {
                throw wrap(e);
            }
            names = new ArrayList<>(objects.size());
            for (HostObject o : objects) {
                names.add(o.name());
            }
            keys = keys(idOf(vif), names);
        }

        Sequencer.Ticket enter() {
            resolve();
            return sequencer.enter(keys);
        }

        /** In its turn: writes the intent (committed when {@code commit}, else by the caller). */
        void begin(boolean commit) {
            before = ledger.entry(idOf(vif)).orElse(null);
            asked = ledger.intent(vif, instanceInfo, plug ? VifState.PLUGGING : VifState.UNPLUGGING, names, recorded);
            if (commit) {
                ledger.commitIntents();
            }
        }

        /**
         * Writes the success without a commit of its own: it becomes durable within a fraction of a second
         * (the record's mover), with the next failure's commit, or at close. A crash before that leaves the
         * intent, which start-up reconcile completes to this same end (plug and unplug are idempotent), so the
         * caller was told the truth either way; a failure is committed before its caller hears of it.
         */
        void succeed() {
            publish(ledger.success(vif, instanceInfo, plug ? VifState.PLUGGED : VifState.UNPLUGGED,
                    System.nanoTime() - start, asked), null);
        }

        /** Records (and commits) a failure of {@link #find}. */
        void refused(RuntimeException e) {
            failed(ledger.entry(idOf(vif)).orElse(null), e);
        }

        /** Records the failure and returns it to throw. */
        RuntimeException fail(OsVifException e) {
            failed(before, e);
            return e;
        }

        /** Records the failure ({@link Ledger#failure}: a VIF plugged before stays so), commits and publishes it. */
        private void failed(Journal.Entry kept, RuntimeException e) {
            VifRecord r = ledger.failure(kept, vif, instanceInfo, plug, System.nanoTime() - start, e);
            ledger.commit();
            publish(r, e);
        }

        /** Writes the outcome without committing; returns its publication, to run once committed. */
        Runnable written(OsVifException error) {
            VifRecord r = error != null ? ledger.failure(before, vif, instanceInfo, plug, System.nanoTime() - start, error)
                    : ledger.outcome(vif, instanceInfo, plug ? VifState.PLUGGED : VifState.UNPLUGGED,
                            System.nanoTime() - start, null, asked);
            return () -> publish(r, error);
        }

        /** os-vif's error for this call, carrying {@code e}. */
        OsVifException wrap(Throwable e) {
            if (e instanceof PlugException || e instanceof UnplugException || e instanceof NoMatchingPlugin) {
                return (OsVifException) e;
            }
            return plug ? new PlugException(String.valueOf(vif), e) : new UnplugException(String.valueOf(vif), e);
        }
    }

    /** The keys a call on {@code vifId} with host objects {@code names} is ordered by. */
    static List<String> keys(String vifId, Collection<String> names) {
        List<String> keys = new ArrayList<>(names.size() + 1);
        keys.add("vif " + vifId);
        for (String n : names) {
            keys.add("object " + n);
        }
        return keys;
    }

    private static String idOf(VIFBase vif) {
        String id = vif.getId();
        return id == null ? "" : id;
    }

    @Override
    public List<VifRecord> vifs() {
        return ledger().all();
    }

    @Override
    public Optional<VifRecord> vif(String vifId) {
        return ledger().get(vifId);
    }

    VifPlugin backendOf(VIFBase vif) {
        String name = vif.getPlugin();
        VifPlugin backend = backends.get(name);
        if (backend == null) {
            throw new NoMatchingPlugin(name);
        }
        return backend;
    }

    /** The wrapped error hides an interrupt from the caller: keep the thread's flag set. */
    private static Throwable keepInterrupt(Throwable e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e;
    }

    @Override
    public CheckReport check(Collection<String> vifIds) {
        ledger();
        return hostState.check(vifIds);
    }

    @Override
    public List<VifOutcome> repair(Collection<String> vifIds) {
        ledger();
        return hostState.repair(vifIds);
    }

    @Override
    public GcReport gc(boolean dryRun) {
        ledger();
        return hostState.gc(dryRun);
    }

    @Override
    public List<VifOutcome> reconcile(Collection<VifCall> desired) {
        ledger();
        return hostState.reconcile(desired);
    }

    /** The backends installed now. */
    Backends backends() {
        return backends;
    }

    /** The object types installed now. */
    Types installedTypes() {
        return types;
    }

    @Override
    public HostInfo hostInfo() {
        return hostInfo(null);
    }

    /**
     * os-vif's {@code host_info()}: each backend's {@code describe()}, by plugin name, limited to the classes
     * installed here in a version the backend takes ({@link Types#serves}), then {@code filter_vif_types}.
     * The result is a copy the caller may change.
     */
    @Override
    public HostInfo hostInfo(Collection<String> permittedVifTypeNames) {
        Types installed = types;
        Backends now = backends;
        List<HostPluginInfo> plugins = new ArrayList<>(now.names().size());
        for (int i = 0; i < now.names().size(); i++) {
            HostPluginInfo described = now.inNameOrder().get(i).describe();
            if (described == null) {
                throw new IllegalStateException("VIF plugin " + now.names().get(i) + " describes nothing");
            }
            plugins.add(installedPart(described, installed));
        }
        HostInfo info = new HostInfo();
        info.setPluginInfo(plugins);
        if (permittedVifTypeNames != null) {
            info.filterVifTypes(permittedVifTypeNames);
        }
        return info;
    }

    private static HostPluginInfo installedPart(HostPluginInfo described, Types installed) {
        HostPluginInfo out = copy(described, new HostPluginInfo());
        if (described.isSet(HostPluginInfo.VIF_INFO)) {
            List<HostVIFInfo> vifs = new ArrayList<>();
            for (HostVIFInfo vif : described.getVifInfo()) {
                if (installed.serves(vif.getVifObjectName(), vif.getMinVersion(), vif.getMaxVersion())) {
                    vifs.add(installedPart(vif, installed));
                }
            }
            out.setVifInfo(vifs);
        }
        return out;
    }

    private static HostVIFInfo installedPart(HostVIFInfo described, Types installed) {
        HostVIFInfo out = copy(described, new HostVIFInfo());
        if (described.isSet(HostVIFInfo.SUPPORTED_PORT_PROFILES)) {
            List<HostPortProfileInfo> profiles = new ArrayList<>();
            for (HostPortProfileInfo p : described.getSupportedPortProfiles()) {
                if (installed.serves(p.getProfileObjectName(), p.getMinVersion(), p.getMaxVersion())) {
                    profiles.add(copy(p, new HostPortProfileInfo()));
                }
            }
            out.setSupportedPortProfiles(profiles);
        }
        return out;
    }

    /** The set fields of {@code from} set on {@code to}; lists of objects are replaced by the caller. */
    @SuppressWarnings("unchecked")
    private static <T extends VersionedObject> T copy(T from, T to) {
        for (Field<?> f : from.schema().fields()) {
            if (from.isSet(f)) {
                to.set((Field<Object>) f, from.get(f));
            }
        }
        return to;
    }

    @Override
    public String commonVersion(HostVIFInfo vifInfo) {
        String name = vifInfo.getVifObjectName();
        List<ObjectSchema> installed = types.versions(name);
        if (installed.isEmpty()) {
            throw new NoMatchingVIFClass(name);
        }
        String version = Types.commonVersion(installed, vifInfo.getMinVersion(), vifInfo.getMaxVersion());
        if (version == null) {
            throw new NoSupportedVIFVersion(name, Types.versionList(installed), vifInfo.getMinVersion(),
                    vifInfo.getMaxVersion());
        }
        return version;
    }

    @Override
    public String commonVersion(HostPortProfileInfo profileInfo) {
        String name = profileInfo.getProfileObjectName();
        List<ObjectSchema> installed = types.versions(name);
        if (installed.isEmpty()) {
            throw new NoMatchingPortProfileClass(name);
        }
        String version = Types.commonVersion(installed, profileInfo.getMinVersion(), profileInfo.getMaxVersion());
        if (version == null) {
            throw new NoSupportedPortProfileVersion(name, Types.versionList(installed), profileInfo.getMinVersion(),
                    profileInfo.getMaxVersion());
        }
        return version;
    }

    @Override
    public VersionedObject fromPrimitive(Object primitive) {
        // one snapshot for the whole tree
        return VersionedObject.fromPrimitive(primitive, types);
    }

    @Override
    public VersionedObject fromJson(String text) {
        return VersionedObject.fromJson(text, types);
    }

    @Override
    public Map<String, Object> toPrimitive(VersionedObject object, String targetVersion) {
        return targetVersion == null ? object.toPrimitive() : object.toPrimitive(targetVersion);
    }

    @Override
    public Collection<ObjectSchema> types() {
        return types.byName();
    }

    @Override
    public Collection<String> plugins() {
        return backends.names();
    }

    @Override
    public Map<String, String> outOfService() {
        Backends now = backends;
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < now.names().size(); i++) {
            String name = now.names().get(i);
            now.inNameOrder().get(i).outOfService().ifPresent(reason -> out.put(name, reason));
        }
        return out;
    }
}
