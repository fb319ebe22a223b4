package org.jvif.registry.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.NoMatchingPortProfileClass;
import org.jvif.api.NoMatchingVIFClass;
import org.jvif.api.NoSupportedPortProfileVersion;
import org.jvif.api.NoSupportedVIFVersion;
import org.jvif.api.OsVif;
import org.jvif.api.PlugException;
import org.jvif.api.PluggedVifs;
import org.jvif.api.UnplugException;
import org.jvif.api.VersionedObjectType;
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
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;

/**
 * os-vif's library state as an OSGi whiteboard: the object classes are the API's base classes plus every
 * {@link VersionedObjectType} service, the plugins are the {@link VifPlugin} services by their
 * {@value VifPlugin#PLUGIN_NAME} property.
 *
 * <p>Every plug and unplug is recorded ({@link PluggedVifs}) and published through EventAdmin when there is one.
 * The EventAdmin reference is looked up by name, never injected, so no member of this class names its API and
 * the bundle resolves and runs without it (optional import).
 *
 * <p>Readers (decoding, plug, unplug, host info) take no lock: each reads one immutable snapshot from a
 * volatile field. Binding and unbinding build a new snapshot under a lock that readers never touch, so a
 * backend that leaves during a plug neither waits for nor blocks that plug.
 */
@Component(service = {OsVif.class, PluggedVifs.class}, reference = @Reference(name = OsVifRegistry.EVENTS,
        service = EventAdmin.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY))
public final class OsVifRegistry implements OsVif, PluggedVifs {
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

    private final Ledger ledger = new Ledger(Ledger.LIMIT, Clock.systemUTC());

    static final String EVENTS = "events";
    private volatile ComponentContext context;
    private final RecordPublisher publisher = (r, nanos, error) -> {
        ComponentContext c = context;
        Object events = c == null ? null : c.locateService(EVENTS);
        if (events != null) {
            EventAdminPublisher.of(events).publish(r, nanos, error);
        }
    };

    @Activate
    void activate(ComponentContext context) {
        this.context = context;
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
        long start = System.nanoTime();
        try {
            VifPlugin backend = backendOf(vif);
            try {
                backend.plug(vif, instanceInfo);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                throw new PlugException(String.valueOf(vif), keepInterrupt(e));
            }
        } catch (RuntimeException e) {
            ledger.record(vif, instanceInfo, VifState.PLUG_FAILED, System.nanoTime() - start, e, publisher);
            throw e;
        }
        ledger.record(vif, instanceInfo, VifState.PLUGGED, System.nanoTime() - start, null, publisher);
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        long start = System.nanoTime();
        try {
            VifPlugin backend = backendOf(vif);
            try {
                backend.unplug(vif, instanceInfo);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                throw new UnplugException(String.valueOf(vif), keepInterrupt(e));
            }
        } catch (RuntimeException e) {
            ledger.record(vif, instanceInfo, VifState.UNPLUG_FAILED, System.nanoTime() - start, e, publisher);
            throw e;
        }
        ledger.record(vif, instanceInfo, VifState.UNPLUGGED, System.nanoTime() - start, null, publisher);
    }

    @Override
    public List<VifRecord> vifs() {
        return ledger.all();
    }

    @Override
    public Optional<VifRecord> vif(String vifId) {
        return ledger.get(vifId);
    }

    private VifPlugin backendOf(VIFBase vif) {
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
