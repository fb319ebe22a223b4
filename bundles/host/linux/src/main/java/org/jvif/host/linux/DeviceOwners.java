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

/**
 * Kernel devices' ownership marks ({@link OwnerMark}: the alias {@code jvif:vif=<id>}) as every backend
 * reads and writes them. A device without a mark (libvirt's, an operator's) belongs to no VIF.
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
        links.setAlias(name, OwnerMark.alias(vifId));
    }

    /**
     * The devices of the namespace that carry a mark and are of the kind {@code ofKind} accepts.
     *
     * @param where the namespace, as {@link HostObject#where()} names it (null: the platform's own)
     */
    public static List<MarkedObject> marked(LinkManager links, String where, Predicate<Link> ofKind) {
        List<MarkedObject> marked = new ArrayList<>();
        for (Link link : links.links()) {
            Optional<String> owner = owner(link);
            if (owner.isPresent() && ofKind.test(link)) {
                marked.add(new MarkedObject(new HostObject(HostObject.Kind.DEVICE, link.name(), where), owner.get()));
            }
        }
        return marked;
    }
}
