package org.jvif.backend.ovs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvif.api.HostObject;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.OwnerMark;
import org.jvif.host.linux.DeviceOwners;
import org.jvif.host.linux.Undo;
import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetlinkException;
import org.jvif.host.netlink.TapOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel side of one plug or unplug, os-vif's {@code linux_net} (vif_plug_ovs/linux_net.py) over rtnetlink in the configured
 * namespace. Remembers what this call changed, so that a plug failing later undoes it
 * ({@link #rollback()}): devices it created are deleted, a device it set up is set down again.
 */
final class KernelDevices {
    private static final Logger LOG = LoggerFactory.getLogger(KernelDevices.class);
    private static final String EEXIST = "EEXIST";
    private static final String ENODEV = "ENODEV";

    private final LinkManager links;
    /** The VIF's id, its mark ({@link OwnerMark#alias}) on the devices it makes. */
    private final String owner;
    private final Undo undo;
    /** Set for a bulk unplug: where deletions are collected instead of done. */
    private List<String> batch;
    /** A bulk plug's one dump of the namespace's devices, by name, for the lookups before anything is made; or null. */
    private Map<String, Link> before;
    /** The devices {@link #checkOwners} found (or not), before anything was made. */
    private final Map<String, Optional<Link>> found = new HashMap<>();

    KernelDevices(LinkManager links, String vifId) {
        this.links = links;
        this.undo = new Undo(links);
        this.owner = vifId;
        if (vifId != null) {
            OwnerMark.alias(vifId); // an id no alias holds is refused before any device is made
        }
    }

    /**
     * Refuses, before anything is made, devices marked as another VIF's; unmarked ones (libvirt's tap, an
     * operator's) are used as os-vif uses them.
     *
     * @throws HostObjectTaken naming the device, its owner and this VIF
     */
    void checkOwners(List<String> names, String where) {
        for (String name : names) {
            Optional<Link> link = before != null ? Optional.ofNullable(before.get(name)) : links.link(name);
            found.put(name, link);
            String other = otherOwner(link);
            if (other != null) {
                throw new HostObjectTaken(new HostObject(HostObject.Kind.DEVICE, name, where), other, owner);
            }
        }
    }

    private String otherOwner(Optional<Link> link) {
        return link.flatMap(l -> DeviceOwners.otherOwner(l, owner)).orElse(null);
    }

    /** Devices of these that exist and are not marked as another VIF's: what an unplug may delete. */
    private List<String> notOthers(String... names) {
        List<String> out = new ArrayList<>(names.length);
        for (String n : names) {
            Optional<Link> l = links.link(n);
            if (l.isPresent() && otherOwner(l) == null) {
                out.add(n);
            } else if (l.isPresent()) {
                LOG.info("unplug of VIF " + owner + ": device " + n + " belongs to VIF "
                        + otherOwner(l) + ", left alone");
            }
        }
        return out;
    }

    boolean exists(String name) {
        return links.exists(name);
    }

    /**
     * os-vif's {@code create_tap}: a tap with the VIF's MAC, up, with the MTU; an existing one gets the MTU (one
     * marked as this VIF's all of these).
     */
    void ensureTap(String name, boolean multiqueue, LinkSettings settings) {
        try {
            // marked before it is made persistent: never seen without its mark
            links.createTap(name, TapOptions.DEFAULTS.withMultiQueue(multiqueue), DeviceOwners.marked(settings, owner));
            undo.created("tap", name);
        } catch (NetlinkException e) {
            if (!EEXIST.equals(e.errnoName())) {
                throw e;
            }
            Optional<Link> existing = links.link(name);
            existing.ifPresent(undo::changing);
            if (existing.filter(l -> DeviceOwners.markedAs(l, owner)).isPresent()) {
                // this VIF's own tap, drifted (check reports its MAC and up state): repair brings it back
                links.update(name, settings);
            } else {
                settings.mtu().ifPresent(mtu -> links.setMtu(name, mtu));
            }
        }
    }

    /**
     * os-vif's {@code set_device_mtu}: only where the device exists; not asked again of a device the owner check
     * just found missing, or with that MTU.
     */
    void setMtuIfExists(String name, int mtu) {
        Optional<Link> known = found.get(name);
        if (known != null && known.map(l -> l.mtu() == mtu).orElse(true)) {
            return;
        }
        try {
            links.setMtu(name, mtu);
        } catch (NetlinkException e) {
            if (!ENODEV.equals(e.errnoName())) {
                throw e;
            }
        }
    }

    /**
     * os-vif's {@code ensure_bridge}: a Linux bridge forwarding at once (forward delay 0, STP off, as
     * os-vif's {@code brctl setfd 0} / {@code stp off}), that never ages learnt MACs (bugs 1715317, 1414559),
     * without IPv6 (bug 1302080), answering ARP only for its own addresses, up; and (unlike os-vif) without
     * multicast snooping. With two ports (the VM's tap and qvb) there is nothing to snoop; with snooping the
     * bridge joins the all-snoopers group and its IGMP reports leave through qvb into the tenant network,
     * where the integration bridge floods each one to every port.
     */
    void ensureLinuxBridge(String name) {
        try {
            links.createBridge(name, BridgeOptions.DEFAULTS.withForwardDelay(Duration.ZERO).withStp(false)
                    .withAgeingTime(Duration.ZERO).withMulticastSnooping(false), DeviceOwners.marked(LinkSettings.NONE, owner));
            undo.created("Linux bridge", name);
        } catch (NetlinkException e) {
            if (!EEXIST.equals(e.errnoName())) {
                throw e;
            }
            links.link(name).ifPresent(this::changing);
            undo.changingSysctls(name);
        }
        links.disableIpv6(name);
        links.setArpFiltering(name);
        links.setUp(name);
    }

    /**
     * os-vif's hybrid-plug veth pair: both ends up, promiscuous, with the MTU, the first end in the Linux
     * bridge, and (unlike os-vif) without IPv6 on either end. Made afresh when the Open vSwitch end is
     * missing (a stray first end is removed first, as os-vif's create_veth_pair does); otherwise brought
     * back into shape (os-vif only sets the MTU there; a bridge made again by this plug needs its port back
     * too).
     *
     * <p>Why no IPv6: the ends are plain layer-2 plumbing, but with IPv6 the host's own DAD, MLD and router
     * solicitations leave through them into the tenant network, where the integration bridge floods each
     * one to every port: ovs-vswitchd then spends more time on that than on the plug (the Linux bridge,
     * os-vif's bug 1302080, has IPv6 off for the same reason). So the pair is made down and set up only
     * once IPv6 is off.
     */
    void ensureVethPair(String bridgeEnd, String ovsEnd, String bridge, int mtu) {
        LinkSettings ovs = LinkSettings.NONE.withMtu(mtu).withPromiscuous(true);
        LinkSettings br = ovs.withMaster(bridge);
        boolean made = false;
        if (!links.exists(ovsEnd)) {
            links.deleteIfExists(bridgeEnd);
            try {
                links.createVethPair(bridgeEnd, DeviceOwners.marked(br, owner), ovsEnd, DeviceOwners.marked(ovs, owner));
                undo.step("deleted veth pair " + bridgeEnd + "/" + ovsEnd, () -> links.deleteIfExists(ovsEnd));
                made = true;
            } catch (NetlinkException e) {
                if (!EEXIST.equals(e.errnoName())) {
                    throw e;
                }
            }
        }
        if (!made) {
            links.link(bridgeEnd).ifPresent(this::changing);
            links.link(ovsEnd).ifPresent(this::changing);
            undo.changingSysctls(bridgeEnd);
            undo.changingSysctls(ovsEnd);
        }
        links.disableIpv6(bridgeEnd);
        links.disableIpv6(ovsEnd);
        LinkSettings up = LinkSettings.NONE.withUp(true);
        links.update(bridgeEnd, made ? up : br.withUp(true));
        links.update(ovsEnd, made ? up : ovs.withUp(true));
    }

    /**
     * An existing device this plug is about to change: put back if it fails; one a plug of this VIF made but
     * a killed process left without its mark (the record's intent named it) is marked now.
     */
    private void changing(Link link) {
        undo.changing(link);
        DeviceOwners.claimIfPending(links, link, owner);
    }

    /** os-vif's {@code set_interface_state(name, 'up')}; a rollback sets it down again if it was down. */
    void setUp(String name) {
        Optional<Link> before = links.link(name);
        if (before.isEmpty()) {
            throw new IllegalStateException("cannot set " + name + " up: no such device in the network namespace "
                    + "of ovs-vswitchd (network_namespace)");
        }
        if (!before.get().isUp()) {
            links.setUp(name);
            undo.step("set " + name + " down again", () -> setDownIfExists(name));
        }
    }

    void setDownIfExists(String name) {
        try {
            links.setDown(name);
        } catch (NetlinkException e) {
            if (!ENODEV.equals(e.errnoName())) {
                throw e;
            }
        }
    }

    /** vif:gc: deletes the device only if it is marked as this VIF's (a veth takes its peer along). */
    void deleteIfMarked(String name) {
        Optional<Link> l = links.link(name);
        if (l.filter(link -> DeviceOwners.markedAs(link, owner)).isPresent()) {
            links.deleteIfExists(name);
        }
    }

    /** os-vif's {@code delete_net_dev}: deletes the device if there is one (a veth takes its peer along). */
    void deleteIfExists(String name) {
        if (batch != null) {
            deleteAllIfExist(name);
        } else if (!notOthers(name).isEmpty()) {
            links.deleteIfExists(name);
        }
    }

    /**
     * os-vif's {@code delete_net_dev} for each of these devices that exists, in one kernel batch: each
     * deletion on its own costs the kernel an RCU barrier (a Linux bridge two), a batch one for all.
     */
    void deleteAllIfExist(String... names) {
        List<String> mine = notOthers(names);
        if (batch != null) {
            batch.addAll(mine);
        } else {
            links.deleteAll(mine);
        }
    }

    /**
     * Bulk unplug: deletions are collected into {@code names} (shared by many VIFs' KernelDevices, one thread), for
     * one {@link LinkManager#deleteAll} of them all: one kernel batch, one RCU barrier, for all.
     */
    /** Bulk plug: the owner checks look the devices up in this dump of the namespace, taken once for the batch. */
    KernelDevices lookUpIn(Map<String, Link> dump) {
        before = dump;
        return this;
    }

    KernelDevices collectDeletions(List<String> names) {
        batch = names;
        return this;
    }

    /**
     * Undoes what this call changed, newest first; failures are logged and added to {@code cause}.
     *
     * @return what was undone, oldest change first ({@code deleted Linux bridge qbr1}), for the caller's message
     */
    List<String> rollback(Throwable cause) {
        undo.rollback(cause);
        return undo.undone();
    }
}
