package org.jvif.backend.noop.internal;

import java.util.List;
import java.util.Set;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.osgi.service.component.annotations.Component;

/**
 * os-vif's {@code vif_plug_noop}: for VIF types that need nothing done on the host when plugged, which
 * os-vif 3.0.0 limits to {@code VIFVHostUser} (generic vhost-user without Open vSwitch). It describes the
 * type by name, so it does not need the VIFVHostUser bundle.
 */
@Component(property = VifPlugin.PLUGIN_NAME + "=" + NoOpPlugin.NAME)
public final class NoOpPlugin implements VifPlugin {
    static final String NAME = "noop";

    /** Exactly what os-vif 3.0.0's NoOpPlugin.describe() returns. */
    @Override
    public HostPluginInfo describe() {
        return HostPluginInfo.of(NAME, HostVIFInfo.of("VIFVHostUser", "1.0", "1.0"));
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
    }

    /** Nothing on the host is a noop VIF's. */
    @Override
    public Set<HostObject> hostObjects(VIFBase vif) {
        return Set.of();
    }

    /** A noop plug makes nothing, so there is nothing to compare: always ok. */
    @Override
    public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) {
        return List.of();
    }
}
