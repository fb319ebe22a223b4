package org.jvif.backend.ovs.internal;

import java.util.Map;

/** The ovs backend activated by hand, as SCR would, for tests outside its bundle (its activation is package-private). */
public final class OvsBackends {
    private OvsBackends() {
    }

    /** The backend, activated with the Config Admin properties of {@code org.jvif.backend.ovs}. */
    public static OvsPlugin start(Map<String, ?> properties) {
        OvsPlugin plugin = new OvsPlugin();
        plugin.activate(properties);
        return plugin;
    }

    public static void stop(OvsPlugin plugin) {
        plugin.deactivate();
    }

    /** os-vif's QoS row id of a port. */
    public static String qosId(String port) {
        return OvsdbPlan.qosId(port);
    }
}
