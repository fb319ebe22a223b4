package org.jvif.host.netlink.internal;

import static org.jvif.host.netlink.internal.NetlinkSocket.NLM_F_CREATE;
import static org.jvif.host.netlink.internal.NetlinkSocket.NLM_F_EXCL;
import static org.jvif.host.netlink.internal.Rtnl.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.MacAddress;
import org.jvif.host.netlink.MacvlanMode;
import org.jvif.host.netlink.NetNamespace;
import org.jvif.host.netlink.NetlinkException;
import org.jvif.host.netlink.TapOptions;
import org.jvif.host.netlink.ValidNames;
import org.jvif.host.netlink.ValidValues;

/** {@link LinkManager} over one namespace's rtnetlink socket. */
final class RtnlLinkManager implements LinkManager {
    /** Marks "leave the master alone" in requests; 0 means "no master". */
    private static final int KEEP_MASTER = -1;
    private static final int DUMP_ATTEMPTS = 3;
    /** Device groups of deleteAll: far above the small numbers people give groups by hand. */
    private static final int FIRST_GROUP = 0x4a000000;
    private static final AtomicInteger GROUPS = new AtomicInteger(FIRST_GROUP
            + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - FIRST_GROUP));

    private final NetlinkSocket socket;
    private final NetNamespace namespace;

    RtnlLinkManager(NetlinkSocket socket, NetNamespace namespace) {
        this.socket = socket;
        this.namespace = namespace;
    }

    @Override
    public void createBridge(String name, BridgeOptions bridge, LinkSettings settings) {
        ValidNames.interfaceName("name", name);
        BridgeOptions options = ValidValues.bridge(bridge == null ? BridgeOptions.DEFAULTS : bridge);
        LinkSettings link = orNone(settings);
        String operation = "creating bridge " + name;
        int master = masterIndex(link, operation);
        socket.execute(operation, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, m -> {
            createHeader(m, name, link, master, true);
            int info = m.nest(IFLA_LINKINFO);
            m.string(IFLA_INFO_KIND, LinkKind.BRIDGE);
            int data = m.nest(IFLA_INFO_DATA);
            options.forwardDelay().ifPresent(
                    d -> m.u32(IFLA_BR_FORWARD_DELAY, (int) ValidValues.centiseconds("forwardDelay", d)));
            options.ageingTime().ifPresent(
                    d -> m.u32(IFLA_BR_AGEING_TIME, (int) ValidValues.centiseconds("ageingTime", d)));
            options.stp().ifPresent(on -> m.u32(IFLA_BR_STP_STATE, on ? 1 : 0));
            options.multicastSnooping().ifPresent(on -> m.u8(IFLA_BR_MCAST_SNOOPING, on ? 1 : 0));
            m.end(data);
            m.end(info);
        });
        setAliasAfterCreate(operation, name, link);
    }

    @Override
    public void createVethPair(String name, LinkSettings settings, String peer, LinkSettings peerSettings) {
        ValidNames.interfaceName("name", name);
        ValidNames.interfaceName("peer", peer);
        if (name.equals(peer)) {
            throw new InvalidValueException("peer", peer, "must differ from name");
        }
        LinkSettings link = orNone(settings);
        LinkSettings peerLink = orNone(peerSettings);
        String operation = "creating veth pair " + name + "/" + peer;
        int master = masterIndex(link, operation);
        int peerMaster = masterIndex(peerLink, operation);
        socket.execute(operation, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, m -> {
            createHeader(m, name, link, master, true);
            int info = m.nest(IFLA_LINKINFO);
            m.string(IFLA_INFO_KIND, LinkKind.VETH);
            int data = m.nest(IFLA_INFO_DATA);
            int peerInfo = m.nest(VETH_INFO_PEER);
            // the peer has its own ifinfomsg and attributes, but neither master nor up work here: the kernel
            // opens the peer before it is paired (veth_open fails with ENOTCONN), so both follow below
            createHeader(m, peer, peerLink, KEEP_MASTER, false);
            m.end(peerInfo);
            m.end(data);
            m.end(info);
        });
        setAliasAfterCreate(operation, name, link);
        peerLink.alias().ifPresent(alias -> undoOnFailure(name,
                () -> setLink(operation + ": setting the alias of " + peer, peer, LinkSettings.NONE.withAlias(alias), KEEP_MASTER)));
        if (peerMaster != KEEP_MASTER || peerLink.up().orElse(false)) {
            LinkSettings up = peerLink.up().orElse(false) ? LinkSettings.NONE.withUp(true) : LinkSettings.NONE;
            undoOnFailure(name, () -> setLink(operation, peer, up, peerMaster));
        }
    }

    @Override
    public void createVlan(String name, String parent, int vlanId, LinkSettings settings) {
        ValidNames.interfaceName("name", name);
        ValidNames.interfaceName("parent", parent);
        ValidValues.vlanId(vlanId);
        LinkSettings link = orNone(settings);
        String operation = "creating vlan " + name + " on " + parent;
        int parentIndex = index(parent, "parent", operation);
        int master = masterIndex(link, operation);
        socket.execute(operation, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, m -> {
            createHeader(m, name, link, master, true);
            m.u32(IFLA_LINK, parentIndex);
            int info = m.nest(IFLA_LINKINFO);
            m.string(IFLA_INFO_KIND, LinkKind.VLAN);
            int data = m.nest(IFLA_INFO_DATA);
            m.u16(IFLA_VLAN_ID, vlanId);
            m.end(data);
            m.end(info);
        });
        setAliasAfterCreate(operation, name, link);
    }

    @Override
    public void createMacvlan(String name, String lower, MacvlanMode mode, LinkSettings settings) {
        createMacvlanKind(LinkKind.MACVLAN, name, lower, mode, settings);
    }

    @Override
    public void createMacvtap(String name, String lower, MacvlanMode mode, LinkSettings settings) {
        createMacvlanKind(LinkKind.MACVTAP, name, lower, mode, settings);
    }

    private void createMacvlanKind(String kind, String name, String lower, MacvlanMode mode, LinkSettings settings) {
        ValidNames.interfaceName("name", name);
        ValidNames.interfaceName("lower", lower);
        ValidValues.mode(mode);
        LinkSettings link = orNone(settings);
        String operation = "creating " + kind + " " + name + " on " + lower + " in " + mode + " mode";
        int lowerIndex = index(lower, "lower", operation);
        int master = masterIndex(link, operation);
        socket.execute(operation, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, m -> {
            createHeader(m, name, link, master, true);
            m.u32(IFLA_LINK, lowerIndex);
            int info = m.nest(IFLA_LINKINFO);
            m.string(IFLA_INFO_KIND, kind);
            int data = m.nest(IFLA_INFO_DATA);
            m.u32(IFLA_MACVLAN_MODE, mode.kernelValue());
            m.end(data);
            m.end(info);
        });
        setAliasAfterCreate(operation, name, link);
    }

    @Override
    public void createTap(String name, TapOptions tap, LinkSettings settings) {
        ValidNames.interfaceName("name", name);
        TapOptions options = tap == null ? TapOptions.DEFAULTS : tap;
        LinkSettings link = orNone(settings);
        String operation = "creating tap " + name;
        int master = masterIndex(link, operation);
        // TUNSETIFF would attach to an existing persistent tap of that name rather than fail
        if (exists(name)) {
            throw Native.error(Native.EEXIST, operation, null);
        }
        // the settings (the alias with them) before the tap is made persistent: until then it lives only as long
        // as the file descriptor, so a process killed before leaves no tap, and a tap is never seen without them
        int fd = namespace.call(() -> Tun.open(name, options, operation));
        try {
            if (!link.isEmpty()) {
                setLink(operation, name, link, master);
            }
            Tun.persist(fd, operation);
        } finally {
            Tun.close(fd);
        }
    }

    @Override
    public void update(String name, LinkSettings settings) {
        ValidNames.interfaceName("name", name);
        LinkSettings link = orNone(settings);
        if (link.isEmpty()) {
            return;
        }
        String operation = "updating " + name + " with " + link;
        setLink(operation, name, link, masterIndex(link, operation));
    }

    @Override
    public void setUp(String name) {
        ValidNames.interfaceName("name", name);
        setLink("setting " + name + " up", name, LinkSettings.NONE.withUp(true), KEEP_MASTER);
    }

    @Override
    public void setDown(String name) {
        ValidNames.interfaceName("name", name);
        setLink("setting " + name + " down", name, LinkSettings.NONE.withUp(false), KEEP_MASTER);
    }

    @Override
    public void setMtu(String name, int mtu) {
        ValidNames.interfaceName("name", name);
        setLink("setting MTU " + mtu + " on " + name, name, LinkSettings.NONE.withMtu(mtu), KEEP_MASTER);
    }

    @Override
    public void setAddress(String name, MacAddress address) {
        ValidNames.interfaceName("name", name);
        setLink("setting address " + address + " on " + name, name, LinkSettings.NONE.withAddress(address),
                KEEP_MASTER);
    }

    @Override
    public void setMaster(String name, String master) {
        ValidNames.interfaceName("name", name);
        if (master == null) {
            setLink("releasing " + name + " from its master", name, LinkSettings.NONE, 0);
        } else {
            ValidNames.interfaceName("master", master);
            String operation = "attaching " + name + " to " + master;
            setLink(operation, name, LinkSettings.NONE, index(master, "master", operation));
        }
    }

    @Override
    public void setPromiscuous(String name, boolean promiscuous) {
        ValidNames.interfaceName("name", name);
        setLink("turning promiscuous mode " + (promiscuous ? "on" : "off") + " on " + name, name,
                LinkSettings.NONE.withPromiscuous(promiscuous), KEEP_MASTER);
    }

    @Override
    public void setAlias(String name, String alias) {
        ValidNames.interfaceName("name", name);
        byte[] text = ValidValues.alias(alias);
        socket.execute("setting alias " + alias + " on " + name, RTM_SETLINK, 0, m -> {
            m.ifinfo(0, 0, 0);
            m.string(IFLA_IFNAME, name);
            m.bytes(IFLA_IFALIAS, text);
        });
    }

    @Override
    public void delete(String name) {
        ValidNames.interfaceName("name", name);
        socket.execute("deleting " + name, RTM_DELLINK, 0, m -> {
            m.ifinfo(0, 0, 0);
            m.string(IFLA_IFNAME, name);
        });
    }

    @Override
    public boolean deleteIfExists(String name) {
        try {
            delete(name);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Native.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean deleteAll(Collection<String> names) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(names));
        distinct.forEach(name -> ValidNames.interfaceName("names", name));
        if (distinct.size() < 2) {
            return !distinct.isEmpty() && deleteIfExists(distinct.get(0));
        }
        int group = nextGroup();
        boolean grouped = false;
        try {
            for (String name : distinct) {
                try {
                    socket.execute("putting " + name + " in device group " + Integer.toUnsignedString(group),
                            RTM_SETLINK, 0, m -> {
                                m.ifinfo(0, 0, 0);
                                m.string(IFLA_IFNAME, name);
                                m.u32(IFLA_GROUP, group);
                            });
                    grouped = true;
                } catch (NetlinkException e) {
                    if (e.errno() != Native.ENODEV) {
                        throw e;
                    }
                }
            }
            if (!grouped) {
                return false;
            }
            socket.execute("deleting device group " + Integer.toUnsignedString(group) + " " + distinct, RTM_DELLINK, 0,
                    m -> {
                        m.ifinfo(0, 0, 0);
                        m.u32(IFLA_GROUP, group);
                    });
            return true;
        } catch (NetlinkException e) {
            // ENODEV: they went meanwhile; otherwise (e.g. EOPNOTSUPP: a device without rtnetlink ops) one by
            // one, which reports what still fails
            if (e.errno() == Native.ENODEV && grouped) {
                return true;
            }
        }
        boolean deleted = grouped;
        for (String name : distinct) {
            deleted |= deleteIfExists(name);
        }
        return deleted;
    }

    /**
     * A device group number no other call uses while this one does: a process-wide counter from a random
     * start, so that two processes meet only by a 1-in-hundreds-of-millions chance, and only for the
     * milliseconds of one deleteAll. The kernel's default group is 0; people number theirs from 1 up.
     */
    private static int nextGroup() {
        return GROUPS.getAndUpdate(g -> g == Integer.MAX_VALUE ? FIRST_GROUP : g + 1);
    }

    @Override
    public Optional<Link> link(String name) {
        ValidNames.interfaceName("name", name);
        return get("looking up " + name, 0, name).map(this::withMasterName);
    }

    @Override
    public Optional<Link> link(int index) {
        if (index <= 0) {
            throw new InvalidValueException("index", index, "must be positive");
        }
        return get("looking up link " + index, index, null).map(this::withMasterName);
    }

    @Override
    public boolean exists(String name) {
        ValidNames.interfaceName("name", name);
        return get("looking up " + name, 0, name).isPresent();
    }

    @Override
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            links.clear();
            boolean consistent = socket.dump("listing links", RTM_GETLINK, m -> {
                m.ifinfo(0, 0, 0);
                m.u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
            }, (buffer, offset, length) -> links.add(LinkParser.parse(buffer, offset, length)));
            if (consistent) {
                break;
            }
        }
        Map<Integer, String> names = new HashMap<>();
        links.forEach(link -> names.put(link.index(), link.name()));
        return links.stream()
                .map(link -> withMaster(link, names.get(link.masterIndex())))
                .sorted(Comparator.comparingInt(Link::index))
                .toList();
    }

    @Override
    public void disableIpv6(String device) {
        ValidNames.interfaceName("device", device);
        namespace.call(() -> {
            Sysctl.disableIpv6(device);
            return null;
        });
    }

    @Override
    public void setArpFiltering(String device) {
        ValidNames.interfaceName("device", device);
        namespace.call(() -> {
            Sysctl.setArpFiltering(device);
            return null;
        });
    }

    @Override
    public Map<String, String> sysctls(String device) {
        ValidNames.interfaceName("device", device);
        return namespace.call(() -> Sysctl.read(device));
    }

    @Override
    public void restoreSysctls(String device, Map<String, String> values) {
        ValidNames.interfaceName("device", device);
        Sysctl.checkRestorable(device, values);
        namespace.call(() -> {
            Sysctl.restore(device, values);
            return null;
        });
    }

    private static LinkSettings orNone(LinkSettings settings) {
        return settings == null ? LinkSettings.NONE : settings;
    }

    /** ifinfomsg (flags to change), IFLA_IFNAME and the settings' attributes. */
    private static void linkHeader(Message m, String name, LinkSettings settings, int master) {
        linkHeader(m, name, settings, master, true);
        settings.alias().ifPresent(alias -> {
            m.bytes(IFLA_IFALIAS, ValidValues.alias(alias));
            m.u32(IFLA_GROUP, 0);
        });
    }

    /** RTM_NEWLINK's header: the alias is ignored there, so a device that is to have one is marked as waiting for it. */
    private static void createHeader(Message m, String name, LinkSettings settings, int master, boolean upFlag) {
        linkHeader(m, name, settings, master, upFlag);
        if (settings.alias().isPresent()) {
            m.u32(IFLA_GROUP, ALIAS_PENDING_GROUP);
        }
    }

    /** A create's second request: the alias, which takes the device out of {@link #ALIAS_PENDING_GROUP}. */
    private void setAliasAfterCreate(String operation, String name, LinkSettings settings) {
        settings.alias().ifPresent(alias -> undoOnFailure(name, () -> setLink(operation + ": setting its alias", name,
                LinkSettings.NONE.withAlias(alias), KEEP_MASTER)));
    }

    private static void linkHeader(Message m, String name, LinkSettings settings, int master, boolean upFlag) {
        int flags = 0;
        int change = 0;
        if (upFlag && settings.up().isPresent()) {
            change |= Link.IFF_UP;
            flags |= settings.up().get() ? Link.IFF_UP : 0;
        }
        if (settings.promiscuous().isPresent()) {
            change |= Link.IFF_PROMISC;
            flags |= settings.promiscuous().get() ? Link.IFF_PROMISC : 0;
        }
        m.ifinfo(0, flags, change);
        m.string(IFLA_IFNAME, name);
        settings.mtu().ifPresent(mtu -> m.u32(IFLA_MTU, mtu));
        settings.address().ifPresent(address -> m.bytes(IFLA_ADDRESS, address.octets()));
        if (master != KEEP_MASTER) {
            m.u32(IFLA_MASTER, master);
        }
    }

    /** One RTM_SETLINK carrying everything: MTU, address, master and flags change together. */
    private void setLink(String operation, String name, LinkSettings settings, int master) {
        socket.execute(operation, RTM_SETLINK, 0, m -> linkHeader(m, name, settings, master));
    }

    private int masterIndex(LinkSettings settings, String operation) {
        return settings.master().map(master -> index(master, "master", operation)).orElse(KEEP_MASTER);
    }

    /** The ifindex of a link the request refers to; ENODEV names the role and the link. */
    private int index(String name, String role, String operation) {
        return get(operation, 0, name).map(Link::index)
                .orElseThrow(() -> Native.error(Native.ENODEV, operation + ": no " + role + " " + name, null));
    }

    /** GETLINK by index or name; empty on ENODEV. */
    private Optional<Link> get(String operation, int index, String name) {
        Link[] found = new Link[1];
        boolean there = socket.query(operation, RTM_GETLINK, Native.ENODEV, m -> {
            m.ifinfo(index, 0, 0);
            if (name != null) {
                m.string(IFLA_IFNAME, name);
            }
            m.u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        }, (buffer, offset, length) -> found[0] = LinkParser.parse(buffer, offset, length));
        return there ? Optional.ofNullable(found[0]) : Optional.empty();
    }

    private Link withMasterName(Link link) {
        if (link.masterIndex() == 0) {
            return link;
        }
        return withMaster(link, get("looking up master of " + link.name(), link.masterIndex(), null)
                .map(Link::name).orElse(null));
    }

    private static Link withMaster(Link link, String master) {
        if (master == null) {
            return link;
        }
        return new Link(link.name(), link.index(), link.kind(), link.flags(), link.mtu(), link.address(),
                link.masterIndex(), Optional.of(master), link.parentIndex(), link.bridge(), link.macvlanMode(),
                link.tap(), link.alias(), link.group());
    }

    /** Runs a follow-up step of a create; if it fails, deletes what the create made. */
    private void undoOnFailure(String created, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            try {
                deleteIfExists(created);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
