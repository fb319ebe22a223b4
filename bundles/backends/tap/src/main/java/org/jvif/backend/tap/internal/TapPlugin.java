package org.jvif.backend.tap.internal;

import java.util.List;
import java.util.Map;

import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.host.linux.BackendConfiguration;
import org.jvif.host.linux.LinuxBackend;
import org.jvif.host.linux.VifChecks;
import org.jvif.host.linux.VifDevice;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.TapOptions;
import org.jvif.host.netlink.ValidNames;
import org.jvif.vif.generic.VIFGeneric;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Tap devices for VIFGeneric (libvirt type="ethernet"): plug makes a persistent tap {@code vif_name} with
 * the VIF's MAC and MTU, up, which the hypervisor then opens; unplug deletes it. A tap that is already
 * there is adopted and updated, so plugging twice is plugging once.
 */
@Component(service = VifPlugin.class, configurationPid = TapPlugin.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = VifPlugin.PLUGIN_NAME + "=" + TapPlugin.NAME)
@Designate(ocd = TapConfig.class)
public final class TapPlugin extends LinuxBackend<TapSettings> {
    static final String NAME = "tap";
    static final String PID = "org.jvif.backend.tap";

    /** Outside a framework (tests): the netlink library's own namespaces. */
    public TapPlugin(Map<String, ?> properties) {
        this(NamespaceManager.standard(), properties);
    }

    /** @param properties the Config Admin properties of {@value #PID} (see {@link TapConfig}) */
    @Activate
    public TapPlugin(@Reference NamespaceManager namespaces, Map<String, ?> properties) {
        super(PID, TapConfig.class, properties, TapSettings::read, namespaces);
    }

    @Override
    public HostPluginInfo describe() {
        return HostPluginInfo.of(NAME, HostVIFInfo.of(VIFGeneric.SCHEMA.name(), "1.0", "1.0"));
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        VIFGeneric generic = expect(NAME, VIFGeneric.class, vif);
        BackendConfiguration.Snapshot<TapSettings> now = configuration().now();
        VifDevice tap = tap(generic);
        LinkSettings wanted = wanted(generic, now.settings());
        TapOptions options = TapOptions.DEFAULTS.withMultiQueue(now.settings().multiqueue());
        now.call(links -> {
            tap.ensure(links, () -> links.createTap(tap.name(), options, tap.marked(wanted)), existing -> {
                // IFF_MULTI_QUEUE is fixed when a tap is made
                if (existing.tap().get().multiQueue() != options.multiQueue()) {
                    throw tap.refused("is a tap with multi_queue " + existing.tap().get().multiQueue()
                            + " but option " + TapSettings.MULTIQUEUE + " is " + options.multiQueue());
                }
            }, wanted);
            return null;
        });
    }

    /** The tap against what {@link #plug} makes: owner, kind, MTU, MAC, up, multi_queue. */
    @Override
    public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) {
        VIFGeneric generic = expect(NAME, VIFGeneric.class, vif);
        BackendConfiguration.Snapshot<TapSettings> now = configuration().now();
        VifDevice tap = tap(generic);
        LinkSettings wanted = wanted(generic, now.settings());
        return now.call(links -> tap.inspect(links, wanted, (link, findings) -> findings.add(Finding.compare(
                HostObject.device(tap.name()), "multi_queue", now.settings().multiqueue(),
                link.tap().get().multiQueue()))));
    }

    @Override
    public List<MarkedObject> marked() {
        return markedDevices(TapPlugin::isTap);
    }

    @Override
    public void remove(MarkedObject marked) {
        removeDevice(marked, TapPlugin::isTap);
    }

    private static LinkSettings wanted(VIFGeneric vif, TapSettings settings) {
        Network network = vif.getNetwork();
        return VifChecks.deviceSettings("VIFGeneric", vif.getAddress(), network == null ? null : network.getMtu(),
                settings.networkDeviceMtu());
    }

    /** Deletes the tap; one that is not there is already unplugged. */
    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        VifDevice tap = tap(expect(NAME, VIFGeneric.class, vif));
        configuration().now().call(links -> {
            tap.delete(links);
            return null;
        });
    }

    private static VifDevice tap(VIFGeneric vif) {
        String name = ValidNames.interfaceName("VIFGeneric.vif_name", vif.getVifName());
        return new VifDevice("VIFGeneric.vif_name", name, "tap", TapPlugin::isTap, vif.getId());
    }

    private static boolean isTap(Link link) {
        return link.isKind(LinkKind.TUN) && link.tap().isPresent();
    }
}
