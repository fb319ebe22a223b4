package org.jvif.host.netlink;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Links of one network namespace, over that namespace's rtnetlink socket. Thread-safe; requests are
 * serialized on the socket. Every name and value is validated before anything is sent; a create that
 * fails part-way removes what it made. Kernel errors are {@link NetlinkException}s, rejected input
 * {@link InvalidValueException}s.
 */
@ProviderType
public interface LinkManager {
    /**
     * The device group a device created with an alias ({@link LinkSettings#withAlias}) is in until the alias is
     * set: a device found in it without an alias was made by a process killed in between. Below the groups
     * {@link #deleteAll} uses, far above those people number by hand.
     */
    int ALIAS_PENDING_GROUP = 0x4976_6966;

    /** Creates a bridge with its attributes and settings in one request. */
    void createBridge(String name, BridgeOptions bridge, LinkSettings settings);

    /** Creates a veth pair; each end gets its own settings (peer up or master cost one more request). */
    void createVethPair(String name, LinkSettings settings, String peer, LinkSettings peerSettings);

    /** Creates an 802.1Q VLAN link on {@code parent}; EOPNOTSUPP where the kernel lacks 8021q. */
    void createVlan(String name, String parent, int vlanId, LinkSettings settings);

    /** Creates a macvlan link on {@code lower}. */
    void createMacvlan(String name, String lower, MacvlanMode mode, LinkSettings settings);

    /** Creates a macvtap link on {@code lower}. */
    void createMacvtap(String name, String lower, MacvlanMode mode, LinkSettings settings);

    /**
     * Creates a tap device through /dev/net/tun, applies the settings and only then makes it persistent: a
     * failure (or the process killed) before leaves no tap, and a tap is never seen without its settings.
     */
    void createTap(String name, TapOptions tap, LinkSettings settings);

    /** Applies all settings to an existing link in one request. */
    void update(String name, LinkSettings settings);

    void setUp(String name);

    void setDown(String name);

    void setMtu(String name, int mtu);

    void setAddress(String name, MacAddress address);

    /** Enslaves {@code name} to {@code master}, or releases it from its master when {@code master} is null. */
    void setMaster(String name, String master);

    void setPromiscuous(String name, boolean promiscuous);

    /**
     * Sets the device's alias (IFLA_IFALIAS, what {@code ip link set NAME alias TEXT} sets; the kernel ignores
     * it when a device is created, hence a call of its own). At most 255 bytes of UTF-8 and no control
     * characters; empty removes it.
     */
    void setAlias(String name, String alias);

    /** Deletes a link (for a veth, both ends); ENODEV if there is none. */
    void delete(String name);

    /** Deletes a link if it exists; true if it did. */
    boolean deleteIfExists(String name);

    /**
     * Deletes those of these links that exist (a veth with its peer) in one kernel batch, as
     * {@code ip link delete group} does: the kernel unregisters them together, paying its RCU barrier once
     * instead of once per link. The links are first put in a device group of their own (a number no other
     * call of this process uses at the same time), which is then deleted; if a step fails, they are deleted
     * one by one. Links not named (but a veth's peer) are not deleted, unless another process puts one in
     * the very same group during those milliseconds (the group is not checked: listing every link costs
     * more than the barrier saves once a namespace has a few thousand).
     *
     * @return whether any of them existed
     */
    boolean deleteAll(Collection<String> names);

    Optional<Link> link(String name);

    Optional<Link> link(int index);

    boolean exists(String name);

    /** All links of the namespace, in ifindex order. */
    List<Link> links();

    /**
     * The per-device sysctls os-vif writes ({@link #disableIpv6}, {@link #setArpFiltering}) as the device has
     * them now, by name ({@code net.ipv6.conf.DEV.disable_ipv6}, {@code net.ipv4.conf.DEV.arp_ignore},
     * {@code net.ipv4.conf.DEV.arp_announce}); those the kernel lacks (no IPv6, no such device) are left out.
     */
    Map<String, String> sysctls(String device);

    /**
     * Writes back values {@link #sysctls} read (to undo {@link #disableIpv6} and {@link #setArpFiltering} on a
     * device a plug did not make): only those sysctls, each a decimal integer.
     */
    void restoreSysctls(String device, Map<String, String> values);

    /**
     * Writes 1 to net.ipv6.conf.DEV.disable_ipv6, as os-vif does for its bridges so they get no
     * link-local or autoconfigured address. Does nothing where IPv6 is absent.
     */
    void disableIpv6(String device);

    /**
     * Sets net.ipv4.conf.DEV.arp_ignore=1 and arp_announce=2, as os-vif does so a bridge answers ARP only
     * for its own addresses and announces with the best local one.
     */
    void setArpFiltering(String device);
}
