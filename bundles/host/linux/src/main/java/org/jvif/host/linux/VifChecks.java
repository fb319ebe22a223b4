package org.jvif.host.linux;

import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.MacAddress;

/**
 * Checks of VIF values before anything reaches the kernel. Each names the VIF field it checks, e.g.
 * {@code VIFGeneric.vif_name}, in the {@link InvalidValueException} it throws.
 */
public final class VifChecks {
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;

    private VifChecks() {
    }

    /** A unicast, non-zero MAC address; null stays null (the kernel picks one). */
    public static MacAddress address(String field, String address) {
        if (address == null) {
            return null;
        }
        MacAddress mac;
        try {
            mac = MacAddress.parse(address);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(field, address, "expected six hex octets like fa:16:3e:00:00:01");
        }
        if (mac.isMulticast()) {
            throw new InvalidValueException(field, address, "is a multicast address");
        }
        if (mac.isZero()) {
            throw new InvalidValueException(field, address, "is all-zero");
        }
        return mac;
    }

    /** An MTU in the range every Linux link type accepts at most. */
    public static int mtu(String field, long mtu) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new InvalidValueException(field, mtu, "must be " + MIN_MTU + ".." + MAX_MTU);
        }
        return (int) mtu;
    }

    /**
     * os-vif's {@code network.mtu or CONF.network_device_mtu}: the network's MTU when it has one (not
     * None, not 0), else the backend's option.
     */
    public static int networkMtu(String field, Long networkMtu, int option) {
        return networkMtu == null || networkMtu == 0 ? option : mtu(field, networkMtu);
    }

    /**
     * The settings a device made for a VIF gets: up, with the network's MTU or the backend's option, and the
     * VIF's MAC when it has one. {@code vif} is the VIF's object name, for messages ({@code VIFGeneric}).
     */
    public static LinkSettings deviceSettings(String vif, String address, Long networkMtu, int mtuOption) {
        MacAddress mac = address(vif + ".address", address);
        int mtu = networkMtu(vif + ".network.mtu", networkMtu, mtuOption);
        LinkSettings up = LinkSettings.NONE.withMtu(mtu).withUp(true);
        return mac == null ? up : up.withAddress(mac);
    }

    /** A value that must be set. */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, null, "is required");
        }
        return value;
    }
}
