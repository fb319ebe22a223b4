package org.jvif.registry.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jvif.api.OsVif;
import org.jvif.api.VersionedObjectType;
import org.jvif.api.VifPlugin;
import org.jvif.api.object.ObjectSchema;
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
        OsVifRegistry registry = new OsVifRegistry();
        for (ObjectSchema schema : OVS_TYPES) {
            Map<String, Object> p = service();
            p.put(VersionedObjectType.OBJECT_NAME, schema.name());
            registry.addType(() -> schema, p);
        }
        Map<String, Object> p = service();
        p.put(VifPlugin.PLUGIN_NAME, pluginName);
        registry.addPlugin(plugin, p);
        return registry;
    }

    private static Map<String, Object> service() {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        return p;
    }
}
