package org.jvif.backend.linuxbridge.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.model.Network;
import org.jvif.host.linux.Undo;
import org.jvif.host.linux.VifChecks;
import org.jvif.host.linux.VifDevice;
import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.ValidNames;
import org.jvif.vif.bridge.VIFBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one linux_bridge plug does to the host: os-vif's {@code linux_net.ensure_bridge} or
 * {@code ensure_vlan_bridge}. Every value is checked when the plan is made, before any kernel call;
 * {@link #apply} undoes what it did if it fails half-way.
 */
final class BridgePlug {
    private static final Logger LOG = LoggerFactory.getLogger(BridgePlug.class);

    /** os-vif creates its bridges with no forward delay, STP off and multicast snooping off. */
    static final BridgeOptions BRIDGE_OPTIONS = BridgeOptions.DEFAULTS.withForwardDelay(Duration.ZERO)
            .withStp(false).withMulticastSnooping(false);

    private final String bridge;
    /** The interface to enslave (null: none); for a VLAN network, the VLAN device's parent. */
    private final String iface;
    /** Where {@link #iface} came from, to name it in errors. */
    private final String ifaceSource;
    /** 0 for a flat network. */
    private final int vlan;
    private final int mtu;

    private BridgePlug(String bridge, String iface, String ifaceSource, int vlan, int mtu) {
        this.bridge = bridge;
        this.iface = iface;
        this.ifaceSource = ifaceSource;
        this.vlan = vlan;
        this.mtu = mtu;
    }

    /**
     * The plan for a VIF whose network wants a bridge provided (should_provide_bridge, not multi_host).
     *
     * @throws InvalidValueException naming the VIF field or option at fault
     */
    static BridgePlug of(VIFBridge vif, Network network, LinuxBridgeSettings settings) {
        String bridge = ValidNames.interfaceName("VIFBridge.bridge_name", vif.getBridgeName());
        int mtu = VifChecks.networkMtu("VIFBridge.network.mtu", network.getMtu(), settings.networkDeviceMtu());
        if (Boolean.TRUE.equals(network.getShouldProvideVlan())) {
            Long vlan = VifChecks.required("VIFBridge.network.vlan", network.getVlan());
            if (vlan < 1 || vlan > 4094) {
                throw new InvalidValueException("VIFBridge.network.vlan", vlan, "must be 1..4094");
            }
            if (!settings.vlanInterface().isEmpty()) {
                return new BridgePlug(bridge, settings.vlanInterface(),
                        "option " + LinuxBridgeSettings.VLAN_INTERFACE, vlan.intValue(), mtu);
            }
            String parent = emptyAsNull(network.getBridgeInterface());
            if (parent == null) {
                throw new InvalidValueException("VIFBridge.network.bridge_interface", parent,
                        "is required for a VLAN network when option " + LinuxBridgeSettings.VLAN_INTERFACE
                                + " is unset");
            }
            ValidNames.interfaceName("VIFBridge.network.bridge_interface", parent);
            return new BridgePlug(bridge, parent, "VIFBridge.network.bridge_interface", vlan.intValue(), mtu);
        }
        if (!settings.flatInterface().isEmpty()) {
            return new BridgePlug(bridge, settings.flatInterface(), "option " + LinuxBridgeSettings.FLAT_INTERFACE,
                    0, mtu);
        }
        String iface = emptyAsNull(network.getBridgeInterface());
        if (iface != null) {
            ValidNames.interfaceName("VIFBridge.network.bridge_interface", iface);
        }
        return new BridgePlug(bridge, iface, "VIFBridge.network.bridge_interface", 0, mtu);
    }

    /** os-vif tests {@code config.flat_interface or network.bridge_interface}: "" counts as unset. */
    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Does the plug; on failure removes what it created and restores what it changed, then rethrows. */
    void apply(LinkManager links) {
        Undo undo = new Undo(links);
        try {
            if (vlan != 0) {
                ensureBridge(links, undo, ensureVlan(links, undo));
            } else {
                ensureBridge(links, undo, iface);
            }
        } catch (RuntimeException e) {
            throw undo.rollback(e);
        }
    }

    /**
     * The host against what {@link #apply} makes: the VLAN device, the bridge (kind, up, the sysctls os-vif
     * writes, its MTU once it has the uplink) and the uplink (master, up, MTU), when there is one.
     */
    List<Finding> inspect(LinkManager links) {
        List<Finding> findings = new ArrayList<>();
        String uplink = iface;
        if (vlan != 0) {
            uplink = "vlan" + vlan;
            if (!device(links, uplink, LinkKind.VLAN, findings)) {
                return findings;
            }
        }
        HostObject br = HostObject.device(bridge);
        if (!device(links, bridge, LinkKind.BRIDGE, findings)) {
            return findings;
        }
        Link found = links.link(bridge).orElseThrow();
        findings.add(Finding.compare(br, "up", true, found.isUp()));
        Map<String, String> sysctls = links.sysctls(bridge);
        for (Map.Entry<String, String> wanted : Map.of("net.ipv6.conf." + bridge + ".disable_ipv6", "1",
                "net.ipv4.conf." + bridge + ".arp_ignore", "1", "net.ipv4.conf." + bridge + ".arp_announce", "2")
                .entrySet()) {
            if (sysctls.containsKey(wanted.getKey()) || !wanted.getKey().startsWith("net.ipv6")) {
                findings.add(Finding.compare(br, wanted.getKey(), wanted.getValue(), sysctls.get(wanted.getKey())));
            }
        }
        Optional<Link> up = uplink == null ? Optional.empty() : links.link(uplink);
        if (up.isPresent()) {
            HostObject port = HostObject.device(uplink);
            findings.add(Finding.compare(br, "mtu", mtu, found.mtu()));
            findings.add(Finding.compare(port, "master", bridge, up.get().master().orElse(null)));
            findings.add(Finding.compare(port, "up", true, up.get().isUp()));
            findings.add(Finding.compare(port, "mtu", mtu, up.get().mtu()));
        }
        return findings;
    }

    /** The device's presence and kind; whether it is there and of that kind. */
    private static boolean device(LinkManager links, String name, String kind, List<Finding> findings) {
        HostObject object = HostObject.device(name);
        Optional<Link> link = links.link(name);
        if (link.isEmpty()) {
            findings.add(Finding.missing(object));
            return false;
        }
        findings.add(Finding.ok(object, null));
        findings.add(Finding.compare(object, "kind", kind, link.get().kind()));
        return link.get().isKind(kind);
    }

    /**
     * os-vif's {@code _ensure_vlan_privileged}: device {@code vlan<N>} on the parent, up, with the MTU, unless
     * it exists. Fails with EOPNOTSUPP where the kernel lacks 802.1Q support.
     */
    private String ensureVlan(LinkManager links, Undo undo) {
        String name = "vlan" + vlan;
        Optional<Link> existing = links.link(name);
        if (existing.isPresent()) {
            if (!existing.get().isKind(LinkKind.VLAN)) {
                throw new IllegalStateException("VLAN device " + name + " for VIFBridge.network.vlan " + vlan
                        + " exists but is " + VifDevice.describe(existing.get()));
            }
            return name;
        }
        if (!links.exists(iface)) {
            throw new InvalidValueException(ifaceSource, iface, "no such device for VLAN " + vlan);
        }
        links.createVlan(name, iface, vlan, LinkSettings.NONE.withUp(true).withMtu(mtu));
        undo.created(name);
        return name;
    }

    /**
     * os-vif's {@code _ensure_bridge_privileged}: the bridge unless it exists (IPv6 off, ARP filtering, up; an
     * existing one is given these too), then, when the interface exists, enslaves it, brings it up and sets the
     * MTU on it and the bridge.
     */
    private void ensureBridge(LinkManager links, Undo undo, String uplink) {
        Optional<Link> existing = links.link(bridge);
        if (existing.isEmpty()) {
            links.createBridge(bridge, BRIDGE_OPTIONS, LinkSettings.NONE);
            undo.created(bridge);
            // os-vif's order: IPv6 off before the bridge is up, so it never gets a link-local address
            links.disableIpv6(bridge);
            links.setArpFiltering(bridge);
            links.setUp(bridge);
        } else if (!existing.get().isKind(LinkKind.BRIDGE)) {
            throw new InvalidValueException("VIFBridge.bridge_name", bridge, "is " + VifDevice.describe(existing.get())
                    + ", not a bridge");
        } else {
            // unlike os-vif, an existing bridge is brought to what a new one gets, as check expects it: a plug
            // killed before setting it up left it so, or it drifted and repair plugs again
            undo.changing(existing.get());
            undo.changingSysctls(bridge);
            links.disableIpv6(bridge);
            links.setArpFiltering(bridge);
            links.setUp(bridge);
        }
        if (uplink == null) {
            return;
        }
        Optional<Link> before = links.link(uplink);
        if (before.isEmpty()) {
            // as os-vif: a missing interface is skipped and the bridge has no uplink
            LOG.warn("linux_bridge: interface {} ({}) does not exist; bridge {} has no uplink",
                    uplink, ifaceSource, bridge);
            return;
        }
        undo.changing(before.get());
        links.update(uplink, LinkSettings.NONE.withMaster(bridge).withUp(true).withMtu(mtu));
        // the bridge's MTU only after it has a port (Launchpad bug 1399064, as os-vif)
        links.setMtu(bridge, mtu);
    }
}
