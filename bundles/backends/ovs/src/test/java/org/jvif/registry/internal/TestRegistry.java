package org.jvif.registry.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jvif.api.OsVif;
import org.jvif.api.VifPlugin;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.portprofile.ovsrepresentor.VIFPortProfileOVSRepresentor;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.osgi.framework.Constants;

/** The registry without OSGi, for other modules' tests: the OVS object types and one backend bound as SCR would. */
public final class TestRegistry {
    private static final AtomicLong SERVICE_IDS = new AtomicLong(1000);
    private static final List<ObjectSchema> OVS_TYPES = List.of(VIFBridge.SCHEMA, VIFOpenVSwitch.SCHEMA,
            VIFVHostUser.SCHEMA, VIFHostDevice.SCHEMA, VIFPortProfileOpenVSwitch.SCHEMA,
            VIFPortProfileOVSRepresentor.SCHEMA);

    private TestRegistry() {
    }

    /** As {@link #with}, its record of VIFs durable in {@code file}; {@link #close} it. */
    public static OsVif withRecord(String pluginName, VifPlugin plugin, Path file) {
        OsVifRegistry registry = (OsVifRegistry) with(pluginName, plugin);
        registry.open(file, false);
        return registry;
    }

    /** Stops a registry {@link #withRecord} made: its record closed, its threads ended. */
    public static void close(OsVif registry) {
        ((OsVifRegistry) registry).deactivate();
    }

    public static OsVif with(String pluginName, VifPlugin plugin) {
        OsVifRegistry registry = typed();
        addPlugin(registry, pluginName, plugin);
        return registry;
    }

    private static OsVifRegistry typed() {
        OsVifRegistry registry = new OsVifRegistry();
        for (ObjectSchema schema : OVS_TYPES) {
            Map<String, Object> p = service();
            p.put(VersionedObjectType.OBJECT_NAME, schema.name());
            registry.addType(() -> schema, p);
        }
        return registry;
    }

    /**
     * The OVS object types bound and the durable record in {@code file} opened (start-up reconcile on,
     * repairing), no backend yet: {@link #addPlugin} starts the reconcile of what the record holds.
     */
    public static OsVif withRecord(Path file) {
        OsVifRegistry registry = typed();
        registry.open(file, true);
        return registry;
    }

    public static void addPlugin(OsVif registry, String pluginName, VifPlugin plugin) {
        Map<String, Object> p = service();
        p.put(VifPlugin.PLUGIN_NAME, pluginName);
        ((OsVifRegistry) registry).addPlugin(plugin, p);
    }

    /** Waits until the registry's pool (asynchronous calls, start-up reconcile) has nothing to run. */
    public static void awaitIdle(OsVif registry) throws InterruptedException {
        java.util.concurrent.ThreadPoolExecutor pool = ((OsVifRegistry) registry).pool;
        while (pool.getActiveCount() > 0 || !pool.getQueue().isEmpty()) {
            Thread.sleep(1);
        }
    }

    private static Map<String, Object> service() {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        return p;
    }
}
