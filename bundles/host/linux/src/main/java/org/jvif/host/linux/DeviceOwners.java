package org.jvif.host.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.OwnerMark;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;

/**
 * Kernel devices' ownership marks ({@link OwnerMark}: the alias {@code jvif:vif=<id>}) as every backend
 * reads and writes them. A device without a mark (libvirt's, an operator's) belongs to no VIF, unless its
 * mark is {@linkplain Link#aliasPending() pending}: made by jvif, its alias not yet set when the process was
 * killed ({@link OwnerMark#UNWRITTEN}); the plug of the VIF whose record names it takes it as its own.
 */
public final class DeviceOwners {
    private DeviceOwners() {
    }

    /** The VIF the device is marked as belonging to, if any. */
    public static Optional<String> owner(Link link) {
        return link.alias().flatMap(OwnerMark::ownerOfAlias);
    }

    /** The other VIF the device is marked as belonging to, if it is not {@code vifId}'s own or unmarked. */
    public static Optional<String> otherOwner(Link link, String vifId) {
        return owner(link).filter(owner -> !owner.equals(vifId));
    }

    /** Marks the device as {@code vifId}'s. */
    public static void mark(LinkManager links, String name, String vifId) {
        links.update(name, LinkSettings.NONE.withAlias(OwnerMark.alias(vifId)));
    }

    /** The settings a device is created with, marked as {@code vifId}'s (null: unmarked). */
    public static LinkSettings marked(LinkSettings settings, String vifId) {
        return vifId == null ? settings : settings.withAlias(OwnerMark.alias(vifId));
    }

    /**
     * Marks as {@code vifId}'s a device jvif made but a killed process left without its mark: a plug of the
     * VIF that holds the name's turn takes it, as the record's intent named it.
     */
    public static void claimIfPending(LinkManager links, Link link, String vifId) {
        if (vifId != null && link.aliasPending()) {
            mark(links, link.name(), vifId);
        }
    }

    /** Whether the device carries {@code vifId}'s mark ({@link OwnerMark#UNWRITTEN}: a pending one). */
    public static boolean markedAs(Link link, String vifId) {
        if (vifId == null) {
            return false;
        }
        return OwnerMark.UNWRITTEN.equals(vifId) ? link.aliasPending() : owner(link).equals(Optional.of(vifId));
    }

    /**
     * The devices of the namespace that carry a mark and are of the kind {@code ofKind} accepts; those whose
     * mark is pending with {@link OwnerMark#UNWRITTEN}.
     *
     * @param where the namespace, as {@link HostObject#where()} names it (null: the platform's own)
     */
    public static List<MarkedObject> marked(LinkManager links, String where, Predicate<Link> ofKind) {
        List<MarkedObject> marked = new ArrayList<>();
        for (Link link : links.links()) {
            Optional<String> owner = link.aliasPending() ? Optional.of(OwnerMark.UNWRITTEN) : owner(link);
            if (owner.isPresent() && ofKind.test(link)) {
                marked.add(new MarkedObject(new HostObject(HostObject.Kind.DEVICE, link.name(), where), owner.get()));
            }
        }
        return marked;
    }
}
