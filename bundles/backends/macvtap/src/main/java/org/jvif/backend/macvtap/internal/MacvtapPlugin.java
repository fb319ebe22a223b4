package org.jvif.backend.macvtap.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.jvif.host.linux.Undo;
import org.jvif.host.linux.VifChecks;
import org.jvif.host.linux.VifDevice;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.MacvlanMode;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.ValidNames;
import org.jvif.vif.direct.VIFDirect;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * macvtap devices for VIFDirect (libvirt type="direct"): plug makes a macvtap {@code vif_name} on the
 * network device of the PCI function {@code dev_address}, in the VIF's mode, with its MAC and MTU, up;
 * unplug deletes it. A macvtap already under the name, on the same device and in the same mode, is
 * adopted and updated, so plugging twice is plugging once.
 */
@Component(service = VifPlugin.class, configurationPid = MacvtapPlugin.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = VifPlugin.PLUGIN_NAME + "=" + MacvtapPlugin.NAME)
@Designate(ocd = MacvtapConfig.class)
public final class MacvtapPlugin extends LinuxBackend<MacvtapSettings> {
    static final String NAME = "macvtap";
    static final String PID = "org.jvif.backend.macvtap";

    /** Outside a framework (tests): the netlink library's own namespaces. */
    public MacvtapPlugin(Map<String, ?> properties) {
        this(NamespaceManager.standard(), properties);
    }

    /** @param properties the Config Admin properties of {@value #PID} (see {@link MacvtapConfig}) */
    @Activate
    public MacvtapPlugin(@Reference NamespaceManager namespaces, Map<String, ?> properties) {
        super(PID, MacvtapConfig.class, properties, MacvtapSettings::read, namespaces);
    }

    @Override
    public HostPluginInfo describe() {
        return HostPluginInfo.of(NAME, HostVIFInfo.of(VIFDirect.SCHEMA.name(), "1.0", "1.0"));
    }

    /** What a plug of the VIF makes, checked before any kernel call: its macvtap, mode, settings and lower device. */
    private record Plan(VIFDirect direct, BackendConfiguration.Snapshot<MacvtapSettings> now, VifDevice macvtap,
            MacvlanMode mode, LinkSettings wanted, String lower) {
    }

    private Plan plan(VIFBase vif) {
        VIFDirect direct = expect(NAME, VIFDirect.class, vif);
        BackendConfiguration.Snapshot<MacvtapSettings> now = configuration().now();
        Network network = direct.getNetwork();
        return new Plan(direct, now, macvtap(direct), mode(direct.getMode()),
                VifChecks.deviceSettings("VIFDirect", direct.getAddress(), network == null ? null : network.getMtu(),
                        now.settings().networkDeviceMtu()),
                LowerDevice.of(now.settings().sysfsRoot(), direct.getDevAddress()));
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        Plan plan = plan(vif);
        VIFDirect direct = plan.direct();
        BackendConfiguration.Snapshot<MacvtapSettings> now = plan.now();
        VifDevice macvtap = plan.macvtap();
        MacvlanMode mode = plan.mode();
        LinkSettings wanted = plan.wanted();
        String lower = plan.lower();
        now.call(links -> {
            Link lowerLink = links.link(lower).orElseThrow(() -> new InvalidValueException("VIFDirect.dev_address",
                    direct.getDevAddress(), "its network device " + lower + " is not in "
                            + (now.networkNamespace().isEmpty() ? "the platform's network namespace"
                                    : "network namespace " + now.networkNamespace())));
            macvtap.ensure(links, () -> create(links, macvtap.name(), lower, mode, macvtap.marked(wanted)), existing -> {
                if (existing.parentIndex() != lowerLink.index()) {
                    throw macvtap.refused("is a macvtap on another device (ifindex " + existing.parentIndex()
                            + "), not on " + lower + " of VIFDirect.dev_address " + direct.getDevAddress());
                }
                if (!existing.macvlanMode().equals(Optional.of(mode))) {
                    throw macvtap.refused("is a macvtap in mode " + existing.macvlanMode().map(String::valueOf)
                            .orElse("unknown") + ", not " + mode + " (VIFDirect.mode " + direct.getMode() + ")");
                }
            }, wanted);
            return null;
        });
    }

    /**
     * In passthru mode the kernel gives the macvtap its lower device's MAC whatever the request says, so
     * the VIF's MAC is set afterwards (which sets the lower device's too; the kernel restores that one
     * when the macvtap is deleted).
     */
    private static void create(LinkManager links, String name, String lower, MacvlanMode mode, LinkSettings wanted) {
        links.createMacvtap(name, lower, mode, wanted);
        if (mode == MacvlanMode.PASSTHRU && wanted.address().isPresent()) {
            Undo undo = new Undo(links);
            undo.created(name);
            try {
                links.setAddress(name, wanted.address().get());
            } catch (RuntimeException e) {
                throw undo.rollback(e);
            }
        }
    }

    /** The macvtap against what {@link #plug} makes: owner, kind, MTU, MAC, up, mode, lower device. */
    @Override
    public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) {
        Plan plan = plan(vif);
        HostObject object = HostObject.device(plan.macvtap().name());
        return plan.now().call(links -> plan.macvtap().inspect(links, plan.wanted(), (link, findings) -> {
            findings.add(Finding.compare(object, "mode", plan.mode(), link.macvlanMode().orElse(null)));
            Optional<Link> parent = link.parentIndex() > 0 ? links.link(link.parentIndex()) : Optional.empty();
            findings.add(Finding.compare(object, "lower", plan.lower(),
                    parent.map(Link::name).orElse("ifindex " + link.parentIndex())));
        }));
    }

    @Override
    public List<MarkedObject> marked() {
        return markedDevices(MacvtapPlugin::isMacvtap);
    }

    @Override
    public void remove(MarkedObject marked) {
        removeDevice(marked, MacvtapPlugin::isMacvtap);
    }

    /** Deletes the macvtap; one that is not there is already unplugged. */
    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        VifDevice macvtap = macvtap(expect(NAME, VIFDirect.class, vif));
        configuration().now().call(links -> {
            macvtap.delete(links);
            return null;
        });
    }

    /** os-vif's VIFDirectMode to the kernel's macvlan mode. */
    static MacvlanMode mode(String mode) {
        VifChecks.required("VIFDirect.mode", mode);
        switch (mode) {
            case VIFDirect.VEPA:
                return MacvlanMode.VEPA;
            case VIFDirect.BRIDGE:
                return MacvlanMode.BRIDGE;
            case VIFDirect.PASSTHROUGH:
                return MacvlanMode.PASSTHRU;
            default:
                throw new InvalidValueException("VIFDirect.mode", mode, "expected vepa, passthrough or bridge");
        }
    }

    private static VifDevice macvtap(VIFDirect vif) {
        String name = ValidNames.interfaceName("VIFDirect.vif_name", vif.getVifName());
        return new VifDevice("VIFDirect.vif_name", name, "macvtap", MacvtapPlugin::isMacvtap, vif.getId());
    }

    private static boolean isMacvtap(Link link) {
        return link.isKind(LinkKind.MACVTAP);
    }
}
