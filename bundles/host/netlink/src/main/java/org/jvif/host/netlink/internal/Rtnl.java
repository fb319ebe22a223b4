package org.jvif.host.netlink.internal;

/** rtnetlink message types and attribute numbers (linux/rtnetlink.h, if_link.h, veth.h). */
final class Rtnl {
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_SETLINK = 19;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_IFALIAS = 20;
    static final int IFLA_GROUP = 27;
    static final int IFLA_EXT_MASK = 29;

    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;

    static final int IFLA_BR_FORWARD_DELAY = 1;
    static final int IFLA_BR_AGEING_TIME = 4;
    static final int IFLA_BR_STP_STATE = 5;
    static final int IFLA_BR_MCAST_SNOOPING = 23;

    static final int VETH_INFO_PEER = 1;
    static final int IFLA_VLAN_ID = 1;
    static final int IFLA_MACVLAN_MODE = 1;

    static final int IFLA_TUN_OWNER = 1;
    static final int IFLA_TUN_GROUP = 2;
    static final int IFLA_TUN_TYPE = 3;
    static final int IFLA_TUN_MULTI_QUEUE = 7;

    /** Leave the statistics out of GETLINK replies: we never read them and they are most of the bytes. */
    static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    private Rtnl() {
    }
}
