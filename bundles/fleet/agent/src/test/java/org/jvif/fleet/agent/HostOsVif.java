package org.jvif.fleet.agent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jvif.api.CheckReport;
import org.jvif.api.GcReport;
import org.jvif.api.OsVif;
import org.jvif.api.VifCall;
import org.jvif.api.VifHostState;
import org.jvif.api.VifOutcome;
import org.jvif.api.PlugException;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;
import org.jvif.vif.generic.VIFGeneric;

/**
 * A host's os-vif for agent tests: decodes VIFGeneric and InstanceInfo, records every call (and the thread it came
 * on), fails the VIFs told to. Its asynchronous calls are the interface's defaults (they plug in the caller), unless
 * made {@link #asynchronous}.
 */
public class HostOsVif implements OsVif {
    private static final ObjectResolver TYPES = ObjectResolver.of(VIFGeneric.SCHEMA, InstanceInfo.SCHEMA);
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** The threads os-vif was called on, by VIF id, in order. */
    public final Map<String, List<String>> threads = new ConcurrentHashMap<>();
    /** What is plugged now, by VIF id: the host and its durable record in one. */
    public final Map<String, String> plugged = new ConcurrentHashMap<>();
    /** Run as reconcile begins (a test holds it there). */
    public volatile Runnable beforeReconcile = () -> { };
    /** Reconciles returned. */
    public final java.util.concurrent.atomic.AtomicInteger reconcilesDone = new java.util.concurrent.atomic.AtomicInteger();
    /** The desired sets reconcile was called with, by VIF ids. */
    public final List<Set<String>> reconciled = new CopyOnWriteArrayList<>();

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        calls.add("plug " + vif.getId() + (instanceInfo == null ? "" : " " + instanceInfo.getName()));
        calledOn(vif);
        if (failing.contains(vif.getId())) {
            throw new PlugException(vif.getId(), new IllegalStateException("no bridge br-none"));
        }
        plugged.put(vif.getId(), vif.toJson());
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        calls.add("unplug " + vif.getId());
        calledOn(vif);
        plugged.remove(vif.getId());
    }

    void calledOn(VIFBase vif) {
        threads.computeIfAbsent(vif.getId(), k -> new CopyOnWriteArrayList<>()).add(Thread.currentThread().getName());
    }

    /**
     * One whose plugAsync and unplugAsync are its own and hold no thread of the caller's, as the registry's: noted
     * where they are called, then run on {@code executor}.
     */
    public static HostOsVif asynchronous(java.util.concurrent.Executor executor) {
        return new HostOsVif() {
            @Override
            public java.util.concurrent.CompletionStage<Void> plugAsync(VIFBase vif, InstanceInfo instanceInfo) {
                calledOn(vif);
                return java.util.concurrent.CompletableFuture.runAsync(() -> plug(vif, instanceInfo), executor);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> unplugAsync(VIFBase vif, InstanceInfo instanceInfo) {
                calledOn(vif);
                return java.util.concurrent.CompletableFuture.runAsync(() -> unplug(vif, instanceInfo), executor);
            }
        };
    }

    /**
     * Host state over this os-vif, as the registry's reconcile behaves: plugs what is not plugged with the same
     * primitive, unplugs what is plugged and not desired.
     */
    public VifHostState hostState() {
        return new VifHostState() {
            @Override
            public List<VifOutcome> reconcile(Collection<VifCall> desired) {
                beforeReconcile.run();
                reconciled.add(desired.stream().map(c -> c.vif().getId()).collect(java.util.stream.Collectors.toSet()));
                List<VifOutcome> out = new java.util.ArrayList<>();
                Set<String> want = new java.util.HashSet<>();
                for (VifCall c : desired) {
                    want.add(c.vif().getId());
                    if (!c.vif().toJson().equals(plugged.get(c.vif().getId()))) {
                        try {
                            plug(c.vif(), c.instanceInfo());
                            out.add(new VifOutcome(c, null));
                        } catch (RuntimeException e) {
                            out.add(new VifOutcome(c, e));
                        }
                    }
                }
                for (String id : List.copyOf(plugged.keySet())) {
                    if (!want.contains(id)) {
                        VIFBase v = (VIFBase) fromJson(plugged.get(id));
                        unplug(v, null);
                        out.add(new VifOutcome(new VifCall(v, null), null));
                    }
                }
                reconcilesDone.incrementAndGet();
                return out;
            }

            @Override
            public CheckReport check(Collection<String> vifIds) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<VifOutcome> repair(Collection<String> vifIds) {
                throw new UnsupportedOperationException();
            }

            @Override
            public GcReport gc(boolean dryRun) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public HostInfo hostInfo() {
        HostInfo h = new HostInfo();
        h.setPluginInfo(List.of());
        return h;
    }

    @Override
    public HostInfo hostInfo(Collection<String> permittedVifTypeNames) {
        return hostInfo();
    }

    @Override
    public String commonVersion(HostVIFInfo vifInfo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String commonVersion(HostPortProfileInfo profileInfo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VersionedObject fromPrimitive(Object primitive) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VersionedObject fromJson(String text) {
        return VersionedObject.fromJson(text, TYPES);
    }

    @Override
    public Map<String, Object> toPrimitive(VersionedObject object, String targetVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Collection<ObjectSchema> types() {
        return List.of(VIFGeneric.SCHEMA, InstanceInfo.SCHEMA);
    }

    @Override
    public Collection<String> plugins() {
        return List.of("noop");
    }

    @Override
    public ObjectSchema schema(String name) {
        return TYPES.schema(name);
    }
}
