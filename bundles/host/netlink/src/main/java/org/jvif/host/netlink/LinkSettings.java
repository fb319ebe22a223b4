package org.jvif.host.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;


/**
 * Link properties to apply in one rtnetlink request, at creation or to an existing link. Unset fields are
 * left as the kernel has them. Immutable; each {@code with} method validates its value at once.
 *
 * <p>An alias ({@link #withAlias}) given at creation is set in a request of its own right after (the kernel
 * ignores it in RTM_NEWLINK): until then the new device is in device group {@link LinkManager#ALIAS_PENDING_GROUP},
 * so that a process killed in between leaves a device that says it has an alias to come; a tap gets it before
 * it is made persistent, so it never exists without it.
 */
public final class LinkSettings {
    /** Nothing to set. */
    public static final LinkSettings NONE = new LinkSettings(0, null, null, null, null, null);

    private final int mtu;
    private final MacAddress address;
    private final Boolean up;
    private final Boolean promiscuous;
    private final String master;
    private final String alias;

    private LinkSettings(int mtu, MacAddress address, Boolean up, Boolean promiscuous, String master, String alias) {
        this.mtu = mtu;
        this.address = address;
        this.up = up;
        this.promiscuous = promiscuous;
        this.master = master;
        this.alias = alias;
    }

    /**
     * The MTU, address, up and promiscuous state {@code link} has (not its master), to put it back as it was.
     * Not checked again: the kernel held these values (lo's MTU is 65536, more than a plug may set).
     */
    public static LinkSettings of(Link link) {
        return new LinkSettings(link.mtu(), link.address().orElse(null), link.isUp(), link.isPromiscuous(), null, null);
    }

    /** Those of these settings that {@code link} does not have now, each on its own, the up state last. */
    public List<LinkSettings> eachNotIn(Link link) {
        List<LinkSettings> each = new ArrayList<>();
        if (mtu != 0 && mtu != link.mtu()) {
            each.add(new LinkSettings(mtu, null, null, null, null, null));
        }
        if (address != null && !link.address().equals(Optional.of(address))) {
            each.add(new LinkSettings(0, address, null, null, null, null));
        }
        if (master != null && !link.master().equals(Optional.of(master))) {
            each.add(new LinkSettings(0, null, null, null, master, null));
        }
        if (promiscuous != null && promiscuous != link.isPromiscuous()) {
            each.add(new LinkSettings(0, null, null, promiscuous, null, null));
        }
        if (up != null && up != link.isUp()) {
            each.add(new LinkSettings(0, null, up, null, null, null));
        }
        return each;
    }

    public LinkSettings withMtu(int mtu) {
        return new LinkSettings(ValidValues.mtu(mtu), address, up, promiscuous, master, alias);
    }

    /** A unicast, non-zero address. */
    public LinkSettings withAddress(MacAddress address) {
        return new LinkSettings(mtu, ValidValues.unicast(address), up, promiscuous, master, alias);
    }

    public LinkSettings withAddress(String address) {
        return withAddress(MacAddress.parse(address));
    }

    /** Administrative state: true for up, false for down. */
    public LinkSettings withUp(boolean up) {
        return new LinkSettings(mtu, address, up, promiscuous, master, alias);
    }

    public LinkSettings withPromiscuous(boolean promiscuous) {
        return new LinkSettings(mtu, address, up, promiscuous, master, alias);
    }

    /** Enslaves the link to this bridge (or other master device). */
    public LinkSettings withMaster(String master) {
        return new LinkSettings(mtu, address, up, promiscuous, ValidNames.interfaceName("master", master), alias);
    }

    /**
     * The device's alias (IFLA_IFALIAS): UTF-8, at most 255 bytes, no control characters; empty removes it.
     * Setting one puts the device in the default device group 0 in the same request (out of
     * {@link LinkManager#ALIAS_PENDING_GROUP}).
     */
    public LinkSettings withAlias(String alias) {
        ValidValues.alias(alias);
        return new LinkSettings(mtu, address, up, promiscuous, master, alias);
    }

    public Optional<String> alias() {
        return Optional.ofNullable(alias);
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
        return mtu == 0 && address == null && up == null && promiscuous == null && master == null
                && alias == null;
    }

    @Override
    public String toString() {
        return "LinkSettings[mtu=" + (mtu == 0 ? "-" : mtu) + ", address=" + address + ", up=" + up
                + ", promiscuous=" + promiscuous + ", master=" + master + (alias == null ? "" : ", alias=" + alias) + "]";
    }
}
