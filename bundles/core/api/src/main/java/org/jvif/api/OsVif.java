package org.jvif.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;
import org.osgi.annotation.versioning.ProviderType;

/**
 * os-vif's library API as one OSGi service: plug and unplug through the backend a VIF names, host info
 * for version negotiation, and primitives decoded with the object types installed right now.
 * Safe to call from many threads.
 */
@ProviderType
public interface OsVif extends ObjectResolver {
    /**
     * Plugs a VIF through the backend named by its {@code plugin} field.
     *
     * @throws NoMatchingPlugin when no installed backend has that name
     * @throws PlugException carrying what the backend threw
     */
    void plug(VIFBase vif, InstanceInfo instanceInfo);

    /**
     * Unplugs a VIF through the backend named by its {@code plugin} field.
     *
     * @throws NoMatchingPlugin when no installed backend has that name
     * @throws UnplugException carrying what the backend threw
     */
    void unplug(VIFBase vif, InstanceInfo instanceInfo);

    /**
     * Plugs a VIF without holding the caller's thread while the backend waits (on OVSDB, ovs-vswitchd): the
     * stage completes as {@link #plug} returns, or exceptionally with what it throws. Ordered with every
     * other call on the same VIF as the blocking calls are. The default runs {@link #plug} in the caller.
     */
    default CompletionStage<Void> plugAsync(VIFBase vif, InstanceInfo instanceInfo) {
        return CompletableFuture.runAsync(() -> plug(vif, instanceInfo), Runnable::run);
    }

    /** Unplugs a VIF without holding the caller's thread; as {@link #plugAsync}. */
    default CompletionStage<Void> unplugAsync(VIFBase vif, InstanceInfo instanceInfo) {
        return CompletableFuture.runAsync(() -> unplug(vif, instanceInfo), Runnable::run);
    }

    /**
     * Plugs many VIFs, each as {@link #plug} would, in few host transactions where the backends can: one
     * outcome per call, in the calls' order; a VIF that fails does not fail the others. Calls on one VIF id
     * run in the order given. The default plugs them one by one.
     */
    default List<VifOutcome> plugAll(List<VifCall> calls) {
        List<VifOutcome> out = new ArrayList<>(calls.size());
        for (VifCall c : calls) {
            try {
                plug(c.vif(), c.instanceInfo());
                out.add(new VifOutcome(c, null));
            } catch (RuntimeException e) {
                out.add(new VifOutcome(c, e));
            }
        }
        return out;
    }

    /** Unplugs many VIFs; as {@link #plugAll}. The default unplugs them one by one. */
    default List<VifOutcome> unplugAll(List<VifCall> calls) {
        List<VifOutcome> out = new ArrayList<>(calls.size());
        for (VifCall c : calls) {
            try {
                unplug(c.vif(), c.instanceInfo());
                out.add(new VifOutcome(c, null));
            } catch (RuntimeException e) {
                out.add(new VifOutcome(c, e));
            }
        }
        return out;
    }

    /**
     * The installed backends that are out of service now, by plugin name, each with why (for a refused
     * configuration: PID, key, value, reason); every plug and unplug through them fails saying so. The
     * default: none.
     */
    default Map<String, String> outOfService() {
        return Map.of();
    }

    /** os-vif's {@code host_info()}: every backend's description, limited to installed object types. */
    HostInfo hostInfo();

    /**
     * os-vif's {@code host_info(permitted_vif_type_names)}: as {@link #hostInfo()}, keeping only the
     * permitted VIF types, and the backends left with any.
     */
    HostInfo hostInfo(Collection<String> permittedVifTypeNames);

    /**
     * os-vif's {@code HostVIFInfo.get_common_version()}: the installed version of the VIF class that lies
     * within the entry's {@code [min_version, max_version]}.
     *
     * @throws NoMatchingVIFClass when no bundle provides the class
     * @throws NoSupportedVIFVersion when no installed version is in that range
     */
    String commonVersion(HostVIFInfo vifInfo);

    /**
     * os-vif's {@code HostPortProfileInfo.get_common_version()}: as {@link #commonVersion(HostVIFInfo)}.
     *
     * @throws NoMatchingPortProfileClass when no bundle provides the class
     * @throws NoSupportedPortProfileVersion when no installed version is in that range
     */
    String commonVersion(HostPortProfileInfo profileInfo);

    /**
     * Reads an os-vif primitive with the object types installed now.
     *
     * @throws org.jvif.api.object.VersionedObjectException naming the object, field and value
     */
    VersionedObject fromPrimitive(Object primitive);

    /**
     * Reads the JSON text of an os-vif primitive with the object types installed now: what
     * {@code fromPrimitive(Json.parse(text))} gives, without building the primitive's maps.
     *
     * @throws org.jvif.api.object.VersionedObjectException naming the object, field and value, or a
     *     {@code JSONDecodeError}
     */
    VersionedObject fromJson(String text);

    /** Writes an object's primitive, at {@code targetVersion} when not null. */
    Map<String, Object> toPrimitive(VersionedObject object, String targetVersion);

    /** The object types installed now, by name. */
    Collection<ObjectSchema> types();

    /** The names of the backends installed now. */
    Collection<String> plugins();
}
