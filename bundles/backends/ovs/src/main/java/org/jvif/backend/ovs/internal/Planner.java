package org.jvif.backend.ovs.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jvif.api.HostObject;
import java.util.Map;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.backend.ovs.internal.OvsExceptions.TapCreationNotSupported;
import org.jvif.backend.ovs.internal.OvsdbPlan.Isolation;
import org.jvif.backend.ovs.internal.OvsdbPlan.PortWant;
import org.jvif.host.linux.VifChecks;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/**
 * os-vif's {@code OvsPlugin.plug} and {@code unplug} paths (vif_plug_ovs/ovs.py), made into {@link Plan}s: every name and value is read
 * from the VIF and checked here, before anything reaches the kernel or OVSDB; a refusal names the field.
 */
final class Planner {
    static final String DATAPATH_SYSTEM = "system";
    static final String DATAPATH_NETDEV = "netdev";
    static final String VHOSTUSER = "dpdkvhostuser";
    static final String VHOSTUSER_CLIENT = "dpdkvhostuserclient";
    static final String DPDK = "dpdk";
    static final String PATCH = "patch";
    static final String TRUNK_BRIDGE_PREFIX = "tbr-";

    private final Settings settings;
    private final Sysfs sysfs;
    private final KernelDevices devices;

    Planner(Settings settings, Sysfs sysfs, KernelDevices devices) {
        this.settings = settings;
        this.sysfs = sysfs;
        this.devices = devices;
    }

    static boolean isTrunkBridge(String bridge) {
        return bridge.startsWith(TRUNK_BRIDGE_PREFIX);
    }

    // ---------------------------------------------------------------- host objects

    /**
     * The objects that are this VIF's own, worked out from the VIF alone (no host access), for the registry's
     * ordering of calls: its port (and device, and QoS row, named after the port), a hybrid VIF's qbr/qvb/qvo, a
     * per-port bridge with its patch ports; a VF by its PCI address (and its DPDK representor port). Never the shared bridges. What cannot be
     * worked out (a field missing) is left out: the plug refuses such a VIF anyway.
     */
    static Set<HostObject> hostObjects(VIFBase vif, boolean perPortBridge, String namespace) {
        Set<HostObject> out = new LinkedHashSet<>();
        String id = vif.getId();
        if (id == null) {
            return out;
        }
        String where = namespace == null || namespace.isEmpty() ? null : namespace;
        Network net = vif.getNetwork();
        String bridge = net == null ? null : net.getBridge();
        if (vif instanceof VIFOpenVSwitch ovs) {
            String name = ovs.getVifName();
            String portBridge = perPortBridge ? Names.portName("pb", id) : bridge;
            if (name != null) {
                out.add(new HostObject(HostObject.Kind.DEVICE, name, where));
                port(out, name, portBridge);
            }
            if (perPortBridge) {
                out.add(new HostObject(HostObject.Kind.OVS_BRIDGE, portBridge, null));
                port(out, Names.portName("pbp", id, 64), portBridge);
                port(out, Names.portName("ibp", id, 64), bridge);
            }
        } else if (vif instanceof VIFBridge hybrid) {
            String[] veth = Names.vethPair(id);
            if (hybrid.getVifName() != null) {
                out.add(new HostObject(HostObject.Kind.DEVICE, hybrid.getVifName(), where));
            }
            if (hybrid.getBridgeName() != null) {
                out.add(new HostObject(HostObject.Kind.DEVICE, hybrid.getBridgeName(), where));
            }
            out.add(new HostObject(HostObject.Kind.DEVICE, veth[0], where));
            out.add(new HostObject(HostObject.Kind.DEVICE, veth[1], where));
            port(out, veth[1], bridge);
        } else if (vif instanceof VIFVHostUser) {
            port(out, Names.portName("vhu", id), bridge);
        } else if (vif instanceof VIFHostDevice dev) {
            if (dev.getDevAddress() != null) {
                out.add(new HostObject(HostObject.Kind.DEVICE, dev.getDevAddress(), "PCI function"));
            }
            // on the kernel datapath the port is the VF's representor, named by sysfs: the PCI function stands for it
            if (vif.getPortProfile() instanceof VIFPortProfileOpenVSwitch p && p.getDatapathType() != null
                    && !p.getDatapathType().isEmpty() && !DATAPATH_SYSTEM.equals(p.getDatapathType())) {
                port(out, Names.dpdkRepresentor(id), bridge);
            }
        }
        return out;
    }

    /** An OVSDB port with its QoS row (named after the port). */
    private static void port(Set<HostObject> out, String name, String bridge) {
        out.add(new HostObject(HostObject.Kind.OVS_PORT, name, bridge));
        out.add(new HostObject(HostObject.Kind.OVS_QOS, name, bridge));
    }

    // ---------------------------------------------------------------- plug

    Plan plug(VIFBase vif, VIFPortProfileOpenVSwitch profile, InstanceInfo info) {
        Vif v = new Vif(vif, profile);
        Plan plan = new Plan();
        plan.ovsdb.owner(v.id());
        if (vif instanceof VIFOpenVSwitch ovs) {
            if (settings.perPortBridge()) {
                plugPortBridge(plan, v, ovs, info);
            } else {
                plugGeneric(plan, v, ovs, info);
            }
        } else if (vif instanceof VIFBridge bridge) {
            plugHybrid(plan, v, bridge, info);
        } else if (vif instanceof VIFVHostUser vhu) {
            plugVhostuser(plan, v, vhu, info);
        } else if (vif instanceof VIFHostDevice dev) {
            plugVf(plan, v, dev, info);
        } else {
            throw unsupported(vif);
        }
        return plan;
    }

    /** os-vif's {@code _plug_vif_generic}: the bridge, and the port only when the profile asks (create_port). */
    private void plugGeneric(Plan plan, Vif v, VIFOpenVSwitch vif, InstanceInfo info) {
        String bridge = v.bridge();
        plan.ovsdb.bridge(bridge, v.datapath(DATAPATH_SYSTEM));
        if (Boolean.TRUE.equals(v.profile.getCreatePort())) {
            String name = Names.device(v.field("vif_name"), vif.getVifName());
            createVifPort(plan, v, name, bridge, null, Map.of(), true, info);
        }
    }

    /** os-vif's {@code _plug_port_bridge}: a bridge pbXXX of the VIF's own, patched to the integration bridge. */
    private void plugPortBridge(Plan plan, Vif v, VIFOpenVSwitch vif, InstanceInfo info) {
        String intBridge = v.bridge();
        String portBridge = Names.device(v.field("id (per-port bridge)"), Names.portName("pb", v.id()));
        String portBridgePatch = Names.ovsName(v.field("id (patch port)"), Names.portName("pbp", v.id(), 64));
        String intBridgePatch = Names.ovsName(v.field("id (patch port)"), Names.portName("ibp", v.id(), 64));
        String datapath = v.datapath(DATAPATH_SYSTEM);
        String name = Names.device(v.field("vif_name"), vif.getVifName());
        String mac = v.address();
        String vmUuid = instanceUuid(info);
        plan.ovsdb.bridge(intBridge, datapath).ownBridge(portBridge, datapath);
        createVifPort(plan, v, name, portBridge, null, Map.of(), false, info);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("iface-id", v.id());
        ids.put("iface-status", "active");
        ids.put("attached-mac", mac);
        ids.put("vm-uuid", vmUuid);
        plan.ovsdb.port(new PortWant(intBridge, intBridgePatch, PATCH, Map.of("peer", portBridgePatch), ids, null,
                settings.isolateVif() ? Isolation.DEAD_VLAN_TAG : null, null, false));
        plan.ovsdb.port(new PortWant(portBridge, portBridgePatch, PATCH, Map.of("peer", intBridgePatch), Map.of(), null,
                null, null, false));
    }

    /**
     * os-vif's {@code _plug_bridge}, the hybrid plug: a Linux bridge qbrXXX holding one end of a veth pair
     * whose other end qvoXXX is the Open vSwitch port.
     */
    private void plugHybrid(Plan plan, Vif v, VIFBridge vif, InstanceInfo info) {
        noTap(v);
        String linuxBridge = Names.device(v.field("bridge_name"), vif.getBridgeName());
        String[] veth = Names.vethPair(v.id());
        String bridgeEnd = Names.device(v.field("id (veth name)"), veth[0]);
        String ovsEnd = Names.device(v.field("id (veth name)"), veth[1]);
        int mtu = v.mtu();
        String bridge = v.bridge();
        plan.device(linuxBridge).device(bridgeEnd).device(ovsEnd)
                .makes(new Plan.DeviceWant(linuxBridge, LinkKind.BRIDGE, null, null, null, false, true, true))
                .makes(new Plan.DeviceWant(bridgeEnd, LinkKind.VETH, linuxBridge, mtu, null, true, true, false))
                .makes(new Plan.DeviceWant(ovsEnd, LinkKind.VETH, null, mtu, null, true, true, false));
        plan.before(d -> d.ensureLinuxBridge(linuxBridge));
        plan.before(d -> d.ensureVethPair(bridgeEnd, ovsEnd, linuxBridge, mtu));
        plan.ovsdb.bridge(bridge, v.datapath(DATAPATH_SYSTEM));
        // the veth pair already has the MTU
        plan.ovsdb.port(vifPort(v, ovsEnd, bridge, null, Map.of(), true, null, true, info));
    }

    /** os-vif's {@code _plug_vhostuser}: a vhost-user port on a userspace (netdev) bridge by default. */
    private void plugVhostuser(Plan plan, Vif v, VIFVHostUser vif, InstanceInfo info) {
        noTap(v);
        String name = Names.ovsName(v.field("id (port name)"), Names.portName("vhu", v.id()));
        String mode = vif.getMode();
        if (mode == null) {
            throw Names.missing(v.field("mode"));
        }
        String type;
        Map<String, String> options;
        if (mode.equals(VIFVHostUser.CLIENT)) {
            // the guest connects: Open vSwitch is the server and makes the socket
            type = VHOSTUSER;
            options = Map.of();
        } else {
            type = VHOSTUSER_CLIENT;
            options = Map.of("vhost-server-path", Names.socketPath(v.field("path"), vif.getPath()));
        }
        String bridge = v.bridge();
        plan.ovsdb.bridge(bridge, v.datapath(DATAPATH_NETDEV));
        plan.ovsdb.port(vifPort(v, name, bridge, type, options, true, v.mtu(), false, info));
    }

    /**
     * os-vif's {@code _plug_vf}: the VF's representor, found through sysfs on the kernel datapath, or a DPDK
     * representor port on a userspace datapath.
     */
    private void plugVf(Plan plan, Vif v, VIFHostDevice vif, InstanceInfo info) {
        noTap(v);
        String datapath = v.datapath(DATAPATH_SYSTEM);
        String bridge = v.bridge();
        String pci = Names.pciAddress(v.field("dev_address"), vif.getDevAddress());
        String vfNum = sysfs.vfNumber(pci);
        plan.ovsdb.bridge(bridge, datapath);
        if (datapath.equals(DATAPATH_SYSTEM)) {
            String representor = Names.device(v.field("dev_address (its representor)"),
                    sysfs.representor(sysfs.pfInterface(pci), vfNum));
            plan.before(d -> d.setUp(representor));
            createVifPort(plan, v, representor, bridge, null, Map.of(), true, info);
        } else {
            String representor = Names.ovsName(v.field("id (DPDK representor)"), Names.dpdkRepresentor(v.id()));
            String pfPci = Names.pciAddress(v.field("dev_address (its PF)"), sysfs.pfPci(pci));
            plan.ovsdb.port(vifPort(v, representor, bridge, DPDK,
                    Map.of("dpdk-devargs", pfPci + ",representor=[" + vfNum + "]"), true, v.mtu(), false, info));
        }
    }

    /**
     * os-vif's {@code _create_vif_port} for a port whose device is a kernel netdev: its MTU is set on the
     * device where it exists, or the tap is made first when the profile asks for it (create_tap).
     */
    private void createVifPort(Plan plan, Vif v, String name, String bridge, String type, Map<String, String> options,
            boolean setIds, InstanceInfo info) {
        int mtu = v.mtu();
        boolean tap = Boolean.TRUE.equals(v.profile.getCreateTap());
        if (v.vif instanceof VIFOpenVSwitch) {
            // a VF's representor is the VF's, not a VIF's
            plan.device(name);
        }
        if (tap) {
            if (!(v.vif instanceof VIFOpenVSwitch)) {
                throw new TapCreationNotSupported(v.vif.objName());
            }
            boolean multiqueue = Boolean.TRUE.equals(v.profile.getMultiqueue());
            LinkSettings tapSettings = v.tapSettings(mtu);
            plan.before(d -> d.ensureTap(name, multiqueue, tapSettings));
            plan.makes(new Plan.DeviceWant(name, LinkKind.TUN, null, mtu, v.address(), false, false, false));
        } else {
            plan.before(d -> d.setMtuIfExists(name, mtu));
        }
        plan.ovsdb.port(vifPort(v, name, bridge, type, options, setIds, null, tap || !(v.vif instanceof VIFOpenVSwitch), info));
    }

    /** os-vif's {@code create_ovs_vif_port}: the Interface's external_ids, isolation and QoS of a new port. */
    private PortWant vifPort(Vif v, String name, String bridge, String type, Map<String, String> options,
            boolean setIds, Integer mtuRequest, boolean mustWork, InstanceInfo info) {
        Map<String, String> ids = Map.of();
        if (setIds) {
            ids = new LinkedHashMap<>();
            ids.put("iface-id", v.interfaceId());
            ids.put("iface-status", "active");
            ids.put("attached-mac", v.address());
            ids.put("vm-uuid", instanceUuid(info));
            // for neutron's trunk cleanup (os-vif does the same, in the same transaction)
            if (isTrunkBridge(bridge)) {
                ids.put("bridge_name", bridge);
            }
        }
        // bug 2069543: the trunk bridge's patch ports carry the VLANs, never the dead one
        Isolation isolation = settings.isolateVif() && !isTrunkBridge(bridge) ? Isolation.DEAD_VLAN_TRUNK : null;
        return new PortWant(bridge, name, type, options, ids, mtuRequest, isolation, v.qosType(), mustWork);
    }

    // ---------------------------------------------------------------- unplug

    Plan unplug(VIFBase vif, VIFPortProfileOpenVSwitch profile) {
        Vif v = new Vif(vif, profile);
        Plan plan = new Plan();
        plan.ovsdb.owner(v.id());
        if (vif instanceof VIFOpenVSwitch ovs) {
            if (settings.perPortBridge()) {
                unplugPortBridge(plan, v, ovs);
            } else {
                String linuxBridge = Names.portName("qbr", v.id());
                if (devices.exists(Names.device(v.field("id (hybrid bridge)"), linuxBridge))) {
                    unplugHybrid(plan, v, linuxBridge);
                } else {
                    unplugGeneric(plan, v, ovs);
                }
            }
        } else if (vif instanceof VIFBridge bridge) {
            unplugHybrid(plan, v, Names.device(v.field("bridge_name"), bridge.getBridgeName()));
        } else if (vif instanceof VIFVHostUser) {
            String name = Names.ovsName(v.field("id (port name)"), Names.portName("vhu", v.id()));
            plan.ovsdb.dropPort(name, v.qosType());
            plan.during(d -> d.deleteIfExists(name));
        } else if (vif instanceof VIFHostDevice dev) {
            unplugVf(plan, v, dev);
        } else {
            throw unsupported(vif);
        }
        String bridge = v.bridge();
        if (isTrunkBridge(bridge)) {
            plan.ovsdb.dropBridge(bridge);
        }
        return plan;
    }

    /** os-vif's {@code _unplug_vif_generic}: the port, its QoS row, its device. */
    private void unplugGeneric(Plan plan, Vif v, VIFOpenVSwitch vif) {
        String name = Names.device(v.field("vif_name"), vif.getVifName());
        plan.ovsdb.dropPort(name, v.qosType());
        plan.during(d -> d.deleteIfExists(name));
    }

    /** os-vif's {@code _unplug_port_bridge}: the patch pair, the VIF's port and its bridge pbXXX. */
    private void unplugPortBridge(Plan plan, Vif v, VIFOpenVSwitch vif) {
        String name = Names.device(v.field("vif_name"), vif.getVifName());
        String portBridge = Names.device(v.field("id (per-port bridge)"), Names.portName("pb", v.id()));
        plan.ovsdb.dropPort(Names.ovsName(v.field("id (patch port)"), Names.portName("ibp", v.id(), 64)), null)
                .dropPort(Names.ovsName(v.field("id (patch port)"), Names.portName("pbp", v.id(), 64)), null)
                .dropPort(name, v.qosType())
                .dropBridge(portBridge);
        plan.during(d -> d.deleteIfExists(name));
    }

    /** os-vif's {@code _unplug_bridge}: the qvo port and its QoS row, then the Linux bridge and the veth pair. */
    private void unplugHybrid(Plan plan, Vif v, String linuxBridge) {
        String[] veth = Names.vethPair(v.id());
        String bridgeEnd = Names.device(v.field("id (veth name)"), veth[0]);
        String ovsEnd = Names.device(v.field("id (veth name)"), veth[1]);
        plan.ovsdb.dropPort(ovsEnd, v.qosType());
        // the veth pair goes with either end; a stray Linux bridge end too
        plan.during(d -> d.deleteAllIfExist(linuxBridge, ovsEnd, bridgeEnd));
    }

    /** os-vif's {@code _unplug_vf}: the representor leaves the bridge; it belongs to the VF, so it stays, down. */
    private void unplugVf(Plan plan, Vif v, VIFHostDevice vif) {
        if (v.datapath(DATAPATH_SYSTEM).equals(DATAPATH_SYSTEM)) {
            String pci = Names.pciAddress(v.field("dev_address"), vif.getDevAddress());
            String representor = Names.device(v.field("dev_address (its representor)"),
                    sysfs.representor(sysfs.pfInterface(pci), sysfs.vfNumber(pci)));
            plan.ovsdb.dropPort(representor, v.qosType());
            plan.after(d -> d.setDownIfExists(representor));
        } else {
            plan.ovsdb.dropPort(Names.ovsName(v.field("id (DPDK representor)"), Names.dpdkRepresentor(v.id())),
                    v.qosType());
        }
    }

    // ---------------------------------------------------------------- inputs

    private static void noTap(Vif v) {
        if (Boolean.TRUE.equals(v.profile.getCreateTap())) {
            throw new TapCreationNotSupported(v.vif.objName());
        }
    }

    private static IllegalArgumentException unsupported(VIFBase vif) {
        return new IllegalArgumentException("This vif type is not supported by this plugin: " + vif.objName());
    }

    private static String instanceUuid(InstanceInfo info) {
        if (info == null || info.getUuid() == null) {
            throw Names.missing("InstanceInfo.uuid");
        }
        return info.getUuid();
    }

    private record FieldName(String type, String name) {
        @Override
        public String toString() {
            return type + "." + name;
        }
    }

    /** The VIF's fields os-vif reads, each checked when read. */
    private final class Vif {
        final VIFBase vif;
        final VIFPortProfileOpenVSwitch profile;
        private final String type;

        Vif(VIFBase vif, VIFPortProfileOpenVSwitch profile) {
            this.vif = vif;
            this.profile = profile;
            this.type = vif.objName();
            if (vif.getId() == null) {
                throw Names.missing(field("id"));
            }
        }

        /** The VIF field, named in full only when a message needs it. */
        Object field(String name) {
            return new FieldName(type, name);
        }

        String id() {
            return vif.getId();
        }

        /** os-vif's {@code _get_vif_network}. */
        Network network() {
            Network n = vif.getNetwork();
            if (n == null) {
                throw Names.missing(field("network"));
            }
            return n;
        }

        /** The Open vSwitch bridge: network.bridge. */
        String bridge() {
            return Names.device(field("network.bridge"), network().getBridge());
        }

        /** os-vif's {@code _get_mtu}: the network's, else network_device_mtu. */
        int mtu() {
            return VifChecks.networkMtu(type + ".network.mtu", network().getMtu(), settings.networkDeviceMtu());
        }

        /** os-vif's {@code _get_vif_address}. */
        String address() {
            String mac = vif.getAddress();
            if (mac == null) {
                throw Names.missing(field("address"));
            }
            return mac;
        }

        LinkSettings tapSettings(int mtu) {
            try {
                return LinkSettings.NONE.withAddress(address()).withUp(true).withMtu(mtu);
            } catch (IllegalArgumentException e) {
                throw Names.invalid(field("address"), address(), e.getMessage());
            }
        }

        String interfaceId() {
            String id = profile.getInterfaceId();
            if (id == null) {
                throw Names.missing(field("port_profile.interface_id"));
            }
            return id;
        }

        /** os-vif's {@code _get_vif_datapath_type}: the profile's, else the given default. */
        String datapath(String fallback) {
            String dp = profile.getDatapathType();
            if (dp == null || dp.isEmpty()) {
                return fallback;
            }
            return Names.datapathType(field("port_profile.datapath_type"), dp);
        }

        /**
         * os-vif's {@code _get_qos_type}: default_qos_type on the kernel datapath. As in os-vif the datapath
         * is the profile's or "system", for every VIF type (a vhost-user VIF without one gets QoS too).
         */
        String qosType() {
            return datapath(DATAPATH_SYSTEM).equals(DATAPATH_SYSTEM) ? settings.defaultQosType() : null;
        }
    }
}
