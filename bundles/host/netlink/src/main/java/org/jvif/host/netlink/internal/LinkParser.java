package org.jvif.host.netlink.internal;

import static org.jvif.host.netlink.internal.Rtnl.*;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.MacAddress;
import org.jvif.host.netlink.MacvlanMode;
import org.jvif.host.netlink.TapOptions;

/** Decodes an RTM_NEWLINK message into a {@link Link} (the master's name is filled in by the caller). */
final class LinkParser {
    private static final int IFF_TAP = 2;

    private LinkParser() {
    }

    static Link parse(ByteBuffer buffer, int offset, int length) {
        int ifinfo = offset + Message.HEADER;
        int index = buffer.getInt(ifinfo + 4);
        int flags = buffer.getInt(ifinfo + 8);
        String name = "";
        String kind = "";
        int mtu = 0;
        int master = 0;
        int parent = 0;
        MacAddress address = null;
        String alias = null;
        int group = 0;
        Attributes data = null;
        Attributes attributes = new Attributes(buffer, ifinfo + Message.IFINFO, offset + length);
        while (attributes.next()) {
            switch (attributes.type()) {
                case IFLA_IFNAME -> name = attributes.string();
                case IFLA_MTU -> mtu = attributes.u32();
                case IFLA_MASTER -> master = attributes.u32();
                case IFLA_LINK -> parent = attributes.u32();
                case IFLA_ADDRESS -> address = attributes.length() == 6 ? MacAddress.of(attributes.bytes()) : null;
                case IFLA_IFALIAS -> alias = attributes.string();
                case IFLA_GROUP -> group = attributes.u32();
                case IFLA_LINKINFO -> {
                    Attributes info = attributes.nested();
                    while (info.next()) {
                        if (info.type() == IFLA_INFO_KIND) {
                            kind = info.string();
                        } else if (info.type() == IFLA_INFO_DATA) {
                            data = info.nested();
                        }
                    }
                }
                default -> {
                    // not modelled
                }
            }
        }
        Optional<BridgeOptions> bridge = Optional.empty();
        Optional<MacvlanMode> mode = Optional.empty();
        Optional<TapOptions> tap = Optional.empty();
        if (data != null) {
            switch (kind) {
                case LinkKind.BRIDGE -> bridge = Optional.of(bridge(data));
                case LinkKind.MACVLAN, LinkKind.MACVTAP -> mode = macvlanMode(data);
                case LinkKind.TUN -> tap = tap(data);
                default -> {
                    // no attributes modelled for this kind
                }
            }
        }
        return new Link(name, index, kind, flags, mtu, Optional.ofNullable(address), master, Optional.empty(),
                parent, bridge, mode, tap, Optional.ofNullable(alias).filter(a -> !a.isEmpty()), group);
    }

    private static BridgeOptions bridge(Attributes data) {
        BridgeOptions bridge = BridgeOptions.DEFAULTS;
        while (data.next()) {
            switch (data.type()) {
                case IFLA_BR_FORWARD_DELAY -> bridge = bridge.withForwardDelay(clock(data.u32()));
                case IFLA_BR_AGEING_TIME -> bridge = bridge.withAgeingTime(clock(data.u32()));
                case IFLA_BR_STP_STATE -> bridge = bridge.withStp(data.u32() != 0);
                case IFLA_BR_MCAST_SNOOPING -> bridge = bridge.withMulticastSnooping(data.u8() != 0);
                default -> {
                    // not modelled
                }
            }
        }
        return bridge;
    }

    /** clock_t at USER_HZ = 100. */
    private static Duration clock(int centiseconds) {
        return Duration.ofMillis((centiseconds & 0xffffffffL) * 10);
    }

    private static Optional<MacvlanMode> macvlanMode(Attributes data) {
        while (data.next()) {
            if (data.type() == IFLA_MACVLAN_MODE) {
                return Optional.ofNullable(MacvlanMode.fromKernel(data.u32()));
            }
        }
        return Optional.empty();
    }

    private static Optional<TapOptions> tap(Attributes data) {
        TapOptions tap = TapOptions.DEFAULTS;
        boolean isTap = false;
        while (data.next()) {
            switch (data.type()) {
                case IFLA_TUN_TYPE -> isTap = data.u8() == IFF_TAP;
                case IFLA_TUN_MULTI_QUEUE -> tap = tap.withMultiQueue(data.u8() != 0);
                case IFLA_TUN_OWNER -> tap = data.u32() >= 0 ? tap.withOwner(data.u32()) : tap;
                case IFLA_TUN_GROUP -> tap = data.u32() >= 0 ? tap.withGroup(data.u32()) : tap;
                default -> {
                    // not modelled
                }
            }
        }
        return isTap ? Optional.of(tap) : Optional.empty();
    }
}
