package org.jvif.api;

import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A backend that plugs and unplugs VIFs on the host (os-vif's {@code PluginBase}). A backend bundle just
 * registers one as a service with the {@value #PLUGIN_NAME} property; the registry tracks it and routes
 * every VIF whose {@code plugin} field names it. Backends must be safe to call from many threads.
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
}
