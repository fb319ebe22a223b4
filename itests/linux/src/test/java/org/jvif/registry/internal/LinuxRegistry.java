package org.jvif.registry.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jvif.api.VifPlugin;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.direct.VIFDirect;
import org.jvif.vif.generic.VIFGeneric;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.osgi.framework.Constants;

/**
 * The registry without OSGi, bound by hand as SCR would: the VIF types the Linux backends and the ovs backend
 * plug, the Open vSwitch port profile, and the given backends.
 */
public final class LinuxRegistry {
    private static final AtomicLong SERVICE_IDS = new AtomicLong();

    private LinuxRegistry() {
    }

    /** @param backends by plugin name ({@value VifPlugin#PLUGIN_NAME}) */
    public static OsVifRegistry of(Map<String, VifPlugin> backends) {
        OsVifRegistry registry = new OsVifRegistry();
        for (ObjectSchema schema : List.of(VIFBridge.SCHEMA, VIFGeneric.SCHEMA, VIFDirect.SCHEMA,
                VIFOpenVSwitch.SCHEMA, VIFVHostUser.SCHEMA, VIFHostDevice.SCHEMA, VIFPortProfileOpenVSwitch.SCHEMA)) {
            registry.addType(() -> schema, service(VersionedObjectType.OBJECT_NAME, schema.name()));
        }
        backends.forEach((name, backend) -> registry.addPlugin(backend, service(VifPlugin.PLUGIN_NAME, name)));
        return registry;
    }

    private static Map<String, Object> service(String key, String value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        properties.put(key, value);
        return properties;
    }
}
