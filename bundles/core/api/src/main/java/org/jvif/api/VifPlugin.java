package org.jvif.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A backend that plugs and unplugs VIFs on the host (os-vif's {@code PluginBase}). A backend bundle just
 * registers one as a service with the {@value #PLUGIN_NAME} property; the registry tracks it and routes
 * every VIF whose {@code plugin} field names it. Backends must be safe to call from many threads.
 *
 * <p>The registry calls a backend at most once at a time for one VIF id and for one name of
 * {@link #hostObjects}, in arrival order; calls on other VIFs run concurrently. Everything a backend makes
 * carries the VIF's {@link OwnerMark}; a plug over an object marked as another VIF's throws
 * {@link HostObjectTaken} before it changes anything, and an unplug leaves such objects alone.
 *
 * <p>Only {@link #describe}, {@link #plug} and {@link #unplug} are required. The default methods give what a
 * backend does not know better: {@link #hostObjects} the {@code vif_name}, the batch and asynchronous forms
 * the blocking calls one by one, and inspection and the list of marked objects nothing (the registry then
 * reports the VIF as not checkable, and {@code vif:gc} finds nothing of this backend).
 */
@ConsumerType
public interface VifPlugin {
    /** Service property: the os-vif plugin name this backend answers to, e.g. {@code ovs}. */
    String PLUGIN_NAME = "vif.plugin";

    /** The VIF types, port profiles and versions this backend supports (os-vif's {@code describe()}). */
    HostPluginInfo describe();

    /** Wires the VIF on the host. Anything thrown reaches the caller as a {@link PlugException}. */
    void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception;

    /** Unwires the VIF. Anything thrown reaches the caller as an {@link UnplugException}. */
    void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception;

    /**
     * Why this backend cannot plug or unplug now, or empty while it is in service: e.g. its configuration was
     * refused, naming the PID, key, value and reason (a backend never falls back to defaults). The registry
     * reports it with host info and the plugin list; the backend's plug and unplug fail with the same reason.
     * The default: always in service.
     */
    default Optional<String> outOfService() {
        return Optional.empty();
    }

    /**
     * The host objects that are this VIF's own: what its plug makes or changes and its unplug removes (a
     * hybrid VIF: {@code vif_name}, {@code qbr..}, {@code qvb..}, {@code qvo..}; a per-port bridge), never
     * what VIFs share (the integration bridge). Worked out from the VIF alone, without touching the host:
     * the registry calls it before every call to order it behind calls on the same objects. The default is
     * the {@code vif_name} as a {@link HostObject.Kind#DEVICE}, when the VIF type has one and it is set.
     */
    default Set<HostObject> hostObjects(VIFBase vif) {
        if (vif.schema().field("vif_name") != null && vif.isSet("vif_name")) {
            Object name = vif.get("vif_name");
            if (name != null) {
                return Set.of(HostObject.device(name.toString()));
            }
        }
        return Set.of();
    }

    /**
     * Compares the host with what {@link #plug} makes for this VIF, without changing anything: one
     * {@link Finding} per object (its presence, or {@link Finding.Verdict#MISSING}) and per attribute the plug
     * sets (kind, master, MTU, MAC, up, the sysctls it writes; OVSDB bridge, port, interface type, options,
     * {@code external_ids}, tag, QoS), and an {@code owner} item when an object is marked as another VIF's.
     *
     * @throws UnsupportedOperationException when the backend cannot inspect (the default)
     */
    default List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        throw new UnsupportedOperationException("VIF plugin " + getClass().getName() + " cannot inspect the host");
    }

    /**
     * {@link #inspect} for many VIFs at once (check, repair and the start-up reconcile of a whole record):
     * one list of findings per call, in the calls' order, in as few reads of the host as the backend can.
     * When any of them cannot be inspected it throws, and the registry inspects them one by one. The default
     * inspects them one by one.
     */
    default List<List<Finding>> inspectAll(List<VifCall> calls) throws Exception {
        List<List<Finding>> out = new ArrayList<>(calls.size());
        for (VifCall c : calls) {
            out.add(inspect(c.vif(), c.instanceInfo()));
        }
        return out;
    }

    /**
     * Every host object this backend can see that carries an {@link OwnerMark}, with the VIF id it names:
     * the candidates for {@code vif:gc}, which removes those no plugged VIF explains. The default: none.
     */
    default List<MarkedObject> marked() throws Exception {
        return List.of();
    }

    /**
     * Removes one marked object (and what only it holds: a port's interfaces, a QoS row's queues), if it
     * still carries the mark of {@code marked.vifId()}; an object gone already, or marked otherwise now, is
     * left alone and is no error. The registry calls it only for objects of VIFs it does not hold as plugged,
     * serialized with calls on that VIF id and object name.
     *
     * @throws UnsupportedOperationException when the backend cannot remove (the default)
     */
    default void remove(MarkedObject marked) throws Exception {
        throw new UnsupportedOperationException("VIF plugin " + getClass().getName() + " cannot remove " + marked);
    }

    /**
     * Plugs many VIFs, in as few host transactions as the backend can. The registry passes VIFs with
     * distinct ids and disjoint {@link #hostObjects}, already ordered against other calls on them. One
     * outcome per call, in the calls' order; a VIF that fails leaves nothing of itself and does not fail the
     * others. The default plugs them one by one.
     */
    default List<VifOutcome> plugAll(List<VifCall> calls) {
        List<VifOutcome> out = new ArrayList<>(calls.size());
        for (VifCall c : calls) {
            out.add(outcome(c, () -> plug(c.vif(), c.instanceInfo())));
        }
        return out;
    }

    /** Unplugs many VIFs; as {@link #plugAll}. The default unplugs them one by one. */
    default List<VifOutcome> unplugAll(List<VifCall> calls) {
        List<VifOutcome> out = new ArrayList<>(calls.size());
        for (VifCall c : calls) {
            out.add(outcome(c, () -> unplug(c.vif(), c.instanceInfo())));
        }
        return out;
    }

    /**
     * Plugs without holding the caller's thread: the stage completes when the VIF is plugged, or
     * exceptionally with what {@link #plug} would throw. A backend that waits on I/O (OVSDB, ovs-vswitchd)
     * overrides it to hold no thread while waiting. The default runs {@link #plug} on {@code executor}, a pool
     * the registry owns.
     */
    default CompletionStage<Void> plugAsync(VIFBase vif, InstanceInfo instanceInfo, Executor executor) {
        return CompletableFuture.runAsync(() -> rethrow(() -> plug(vif, instanceInfo)), executor);
    }

    /** Unplugs without holding the caller's thread; as {@link #plugAsync}. */
    default CompletionStage<Void> unplugAsync(VIFBase vif, InstanceInfo instanceInfo, Executor executor) {
        return CompletableFuture.runAsync(() -> rethrow(() -> unplug(vif, instanceInfo)), executor);
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private static VifOutcome outcome(VifCall c, Call call) {
        try {
            call.run();
            return new VifOutcome(c, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VifOutcome(c, e);
        } catch (Exception | LinkageError | AssertionError e) {
            return new VifOutcome(c, e);
        }
    }

    private static void rethrow(Call call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
