package org.jvif.host.netlink;

import java.util.Optional;
import java.util.OptionalInt;

import org.jvif.host.netlink.internal.Validate;

/**
 * Link properties to apply in one rtnetlink request, at creation or to an existing link. Unset fields are
 * left as the kernel has them. Immutable; each {@code with} method validates its value at once.
 */
public final class LinkSettings {
    /** Nothing to set. */
    public static final LinkSettings NONE = new LinkSettings(0, null, null, null, null);

    private final int mtu;
    private final MacAddress address;
    private final Boolean up;
    private final Boolean promiscuous;
    private final String master;

    private LinkSettings(int mtu, MacAddress address, Boolean up, Boolean promiscuous, String master) {
        this.mtu = mtu;
        this.address = address;
        this.up = up;
        this.promiscuous = promiscuous;
        this.master = master;
    }

    public LinkSettings withMtu(int mtu) {
        return new LinkSettings(Validate.mtu(mtu), address, up, promiscuous, master);
    }

    /** A unicast, non-zero address. */
    public LinkSettings withAddress(MacAddress address) {
        return new LinkSettings(mtu, Validate.unicast(address), up, promiscuous, master);
    }

    public LinkSettings withAddress(String address) {
        return withAddress(MacAddress.parse(address));
    }

    /** Administrative state: true for up, false for down. */
    public LinkSettings withUp(boolean up) {
        return new LinkSettings(mtu, address, up, promiscuous, master);
    }

    public LinkSettings withPromiscuous(boolean promiscuous) {
        return new LinkSettings(mtu, address, up, promiscuous, master);
    }

    /** Enslaves the link to this bridge (or other master device). */
    public LinkSettings withMaster(String master) {
        return new LinkSettings(mtu, address, up, promiscuous, ValidNames.interfaceName("master", master));
    }

    public OptionalInt mtu() {
        return mtu == 0 ? OptionalInt.empty() : OptionalInt.of(mtu);
    }

    public Optional<MacAddress> address() {
        return Optional.ofNullable(address);
    }

    public Optional<Boolean> up() {
        return Optional.ofNullable(up);
    }

    public Optional<Boolean> promiscuous() {
        return Optional.ofNullable(promiscuous);
    }

    public Optional<String> master() {
        return Optional.ofNullable(master);
    }

    public boolean isEmpty() {
        return mtu == 0 && address == null && up == null && promiscuous == null && master == null;
    }

    @Override
    public String toString() {
        return "LinkSettings[mtu=" + (mtu == 0 ? "-" : mtu) + ", address=" + address + ", up=" + up
                + ", promiscuous=" + promiscuous + ", master=" + master + "]";
    }
}
