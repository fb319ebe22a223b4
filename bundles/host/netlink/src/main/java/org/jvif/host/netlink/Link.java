package org.jvif.host.netlink;

import java.util.Objects;
import java.util.Optional;

/**
 * One link as rtnetlink reports it.
 *
 * @param name IFLA_IFNAME
 * @param index the ifindex
 * @param kind IFLA_INFO_KIND (see {@link LinkKind}), empty for links without one such as loopback
 * @param flags the IFF_* flags word
 * @param mtu IFLA_MTU
 * @param address IFLA_ADDRESS when it is an Ethernet address
 * @param masterIndex IFLA_MASTER, 0 when the link has no master
 * @param master the master's name, when it has one
 * @param parentIndex IFLA_LINK: the lower link of a VLAN or macvlan, the peer of a veth; 0 when none
 * @param bridge the bridge attributes, for bridges
 * @param macvlanMode the mode, for macvlan and macvtap links
 * @param tap the tap options, for tap devices
 * @param alias IFLA_IFALIAS ({@code ip link set NAME alias TEXT}), when the device has one
 * @param group IFLA_GROUP, the device group (0 by default)
 */
public record Link(String name, int index, String kind, int flags, int mtu, Optional<MacAddress> address,
        int masterIndex, Optional<String> master, int parentIndex, Optional<BridgeOptions> bridge,
        Optional<MacvlanMode> macvlanMode, Optional<TapOptions> tap, Optional<String> alias, int group) {

    public static final int IFF_UP = 0x1;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_LOWER_UP = 0x10000;

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(macvlanMode, "macvlanMode");
        Objects.requireNonNull(tap, "tap");
        Objects.requireNonNull(alias, "alias");
    }

    /** A link in the default device group. */
    public Link(String name, int index, String kind, int flags, int mtu, Optional<MacAddress> address, int masterIndex,
            Optional<String> master, int parentIndex, Optional<BridgeOptions> bridge, Optional<MacvlanMode> macvlanMode,
            Optional<TapOptions> tap, Optional<String> alias) {
        this(name, index, kind, flags, mtu, address, masterIndex, master, parentIndex, bridge, macvlanMode, tap, alias, 0);
    }

    /** A link without an alias (the form before aliases were reported). */
    public Link(String name, int index, String kind, int flags, int mtu, Optional<MacAddress> address, int masterIndex,
            Optional<String> master, int parentIndex, Optional<BridgeOptions> bridge, Optional<MacvlanMode> macvlanMode,
            Optional<TapOptions> tap) {
        this(name, index, kind, flags, mtu, address, masterIndex, master, parentIndex, bridge, macvlanMode, tap,
                Optional.empty());
    }

    /**
     * Made with an alias still to be set ({@link LinkSettings#withAlias}): in device group
     * {@link LinkManager#ALIAS_PENDING_GROUP} and without an alias, as a process killed between the two
     * requests of its creation leaves it.
     */
    public boolean aliasPending() {
        return group == LinkManager.ALIAS_PENDING_GROUP && alias.isEmpty();
    }

    /** Administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    public boolean isPromiscuous() {
        return (flags & IFF_PROMISC) != 0;
    }

    /** The driver signals carrier (IFF_LOWER_UP). */
    public boolean isLowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    public boolean isKind(String kind) {
        return this.kind.equals(kind);
    }
}
