package org.jvif.backend.linuxbridge.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.host.linux.BackendConfiguration;
import org.jvif.host.linux.LinuxBackend;
import org.jvif.host.linux.VifChecks;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.vif.bridge.VIFBridge;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * os-vif 3.0's {@code vif_plug_linux_bridge}: for a VIFBridge whose network should have a bridge provided
 * (and is not multi-host), ensures the bridge {@code bridge_name} exists with its uplink (a VLAN device
 * {@code vlan<N>} or the flat interface) enslaved. The hypervisor attaches the guest's tap to the bridge;
 * unplug does nothing. os-vif's iptables rules and route moving are not carried over (see README.md).
 */
@Component(service = VifPlugin.class, configurationPid = LinuxBridgePlugin.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = VifPlugin.PLUGIN_NAME + "=" + LinuxBridgePlugin.NAME)
@Designate(ocd = LinuxBridgeConfig.class)
public final class LinuxBridgePlugin extends LinuxBackend<LinuxBridgeSettings> {
    static final String NAME = "linux_bridge";
    static final String PID = "org.jvif.backend.linuxbridge";
    /** os-vif's nova-lock_bridge and nova-lock_vlan: one ensure at a time, so two plugs never race to create. */
    private final Object ensureLock = new Object();

    /** Outside a framework (tests): the netlink library's own namespaces. */
    public LinuxBridgePlugin(Map<String, ?> properties) {
        this(NamespaceManager.standard(), properties);
    }

    /** @param properties the Config Admin properties of {@value #PID} (see {@link LinuxBridgeConfig}) */
    @Activate
    public LinuxBridgePlugin(@Reference NamespaceManager namespaces, Map<String, ?> properties) {
        super(PID, LinuxBridgeConfig.class, properties, LinuxBridgeSettings::read, namespaces);
    }

    /** As os-vif: VIFBridge 1.0 only, no port profiles. */
    @Override
    public HostPluginInfo describe() {
        return HostPluginInfo.of(NAME, HostVIFInfo.of(VIFBridge.SCHEMA.name(), "1.0", "1.0"));
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        VIFBridge bridgeVif = expect(NAME, VIFBridge.class, vif);
        BackendConfiguration.Snapshot<LinuxBridgeSettings> now = configuration().now();
        Network network = VifChecks.required("VIFBridge.network", bridgeVif.getNetwork());
        if (Boolean.TRUE.equals(network.getMultiHost()) || !Boolean.TRUE.equals(network.getShouldProvideBridge())) {
            return;
        }
        BridgePlug plug = BridgePlug.of(bridgeVif, network, now.settings());
        synchronized (ensureLock) {
            now.call(links -> {
                plug.apply(links);
                return null;
            });
        }
    }

    /** None: the bridge and its uplink serve every VIF of the network, the tap is the hypervisor's. */
    @Override
    public Set<HostObject> hostObjects(VIFBase vif) {
        return Set.of();
    }

    /** The network's bridge and uplink against what {@link #plug} makes; nothing for a network that brings its own. */
    @Override
    public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) {
        VIFBridge bridgeVif = expect(NAME, VIFBridge.class, vif);
        BackendConfiguration.Snapshot<LinuxBridgeSettings> now = configuration().now();
        Network network = VifChecks.required("VIFBridge.network", bridgeVif.getNetwork());
        if (Boolean.TRUE.equals(network.getMultiHost()) || !Boolean.TRUE.equals(network.getShouldProvideBridge())) {
            return List.of();
        }
        BridgePlug plug = BridgePlug.of(bridgeVif, network, now.settings());
        return now.call(plug::inspect);
    }

    /** Nothing to do, as in os-vif: the bridge may serve other VIFs and the hypervisor removes the tap. */
    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        configuration().now(); // out of service: say so
    }
}
