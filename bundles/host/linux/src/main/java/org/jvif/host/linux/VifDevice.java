package org.jvif.host.linux;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetlinkException;

/**
 * The device a backend makes for one VIF and deletes on unplug (a tap, a macvtap), named by a VIF field.
 * Plugging twice is plugging once: a device of the right kind already under the name is adopted and
 * updated; one of another kind is an error and is left alone. Unplugging what is not there succeeds.
 */
public final class VifDevice {
    private final String field;
    private final String name;
    private final String kindName;
    private final Predicate<Link> ofKind;

    /**
     * @param field the VIF field that names it, e.g. {@code VIFGeneric.vif_name}
     * @param name its name, already checked with {@link VifChecks#interfaceName}
     * @param kindName what it is, for messages, e.g. {@code tap}
     * @param ofKind whether a link is such a device
     */
    public VifDevice(String field, String name, String kindName, Predicate<Link> ofKind) {
        this.field = field;
        this.name = name;
        this.kindName = kindName;
        this.ofKind = ofKind;
    }

    public String name() {
        return name;
    }

    /**
     * Creates the device, or adopts the one already there: {@code check} may refuse it (e.g. another mode),
     * then it gets the {@code wanted} settings. A failed update restores what it changed.
     *
     * @param create makes the device with the wanted settings; must remove it again if it fails half-way
     */
    public void ensure(LinkManager links, Runnable create, Consumer<Link> check, LinkSettings wanted) {
        Optional<Link> existing = find(links);
        if (existing.isEmpty()) {
            try {
                create.run();
                return;
            } catch (NetlinkException e) {
                // EEXIST: a concurrent plug of the same VIF made it first; adopt theirs
                existing = "EEXIST".equals(e.errnoName()) ? find(links) : Optional.empty();
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        check.accept(existing.get());
        Undo undo = new Undo(links);
        undo.changing(existing.get());
        try {
            links.update(name, wanted);
        } catch (RuntimeException e) {
            throw undo.rollback(e);
        }
    }

    /** Deletes the device if it is there. */
    public void delete(LinkManager links) {
        if (find(links).isPresent()) {
            links.deleteIfExists(name);
        }
    }

    /** The device under the name, if any. */
    public Optional<Link> find(LinkManager links) {
        Optional<Link> link = links.link(name);
        if (link.isPresent() && !ofKind.test(link.get())) {
            throw refused("is " + describe(link.get()) + ", not a " + kindName);
        }
        return link;
    }

    /** An error about the device, naming the VIF field and the name. */
    public InvalidValueException refused(String reason) {
        return new InvalidValueException(field, name, reason);
    }

    /** "a veth device", "a bridge device"... */
    public static String describe(Link link) {
        return link.kind().isEmpty() ? "a device of no kind" : "a " + link.kind() + " device";
    }
}
