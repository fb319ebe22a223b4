package org.jvif.host.netlink;

/** The IFLA_INFO_KIND strings of the links this bundle creates, as {@link Link#kind()} reports them. */
public final class LinkKind {
    public static final String BRIDGE = "bridge";
    public static final String VETH = "veth";
    public static final String VLAN = "vlan";
    public static final String MACVLAN = "macvlan";
    public static final String MACVTAP = "macvtap";
    /** Tap devices report the tun driver's kind. */
    public static final String TUN = "tun";

    private LinkKind() {
    }
}
