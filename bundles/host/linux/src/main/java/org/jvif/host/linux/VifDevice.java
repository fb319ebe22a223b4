package org.jvif.host.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.HostObjectTaken;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetlinkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a backend makes for one VIF and deletes on unplug (a tap, a macvtap), named by a VIF field.
 * Plugging twice is plugging once: a device of the right kind already under the name is adopted and
 * updated; one of another kind is an error and is left alone. Unplugging what is not there succeeds.
 * A device it makes carries the VIF's ownership mark ({@link DeviceOwners}): one marked as another VIF's is
 * refused before anything changes ({@link HostObjectTaken}) and never deleted; an unmarked one (libvirt's,
 * an operator's) is adopted as os-vif would, and stays unmarked.
 */
public final class VifDevice {
    private static final Logger LOG = LoggerFactory.getLogger(VifDevice.class);

    private final String field;
    private final String name;
    private final String kindName;
    private final Predicate<Link> ofKind;
    private final String vifId;

    /**
     * @param field the VIF field that names it, e.g. {@code VIFGeneric.vif_name}
     * @param name its name, already checked with {@link org.jvif.host.netlink.ValidNames}
     * @param kindName what it is, for messages, e.g. {@code tap}
     * @param ofKind whether a link is such a device
     * @param vifId the VIF's id, its mark on what it makes; null for none (nothing is marked)
     */
    public VifDevice(String field, String name, String kindName, Predicate<Link> ofKind, String vifId) {
        this.field = field;
        this.name = name;
        this.kindName = kindName;
        this.ofKind = ofKind;
        this.vifId = vifId;
    }

    public String name() {
        return name;
    }

    /**
     * Creates the device, or adopts the one already there: {@code check} may refuse it (e.g. another mode),
     * then it gets the {@code wanted} settings. A failed update restores what it changed.
     *
     * @param create makes the device with the wanted settings {@link #marked} with the VIF's mark; must remove
     *     it again if it fails half-way
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
        refuseIfOthers(existing.get());
        check.accept(existing.get());
        Undo undo = new Undo(links);
        undo.changing(existing.get());
        try {
            // one a plug of this VIF made but a killed process left unmarked is this plug's
            links.update(name, existing.get().aliasPending() ? marked(wanted) : wanted);
        } catch (RuntimeException e) {
            throw undo.rollback(e);
        }
    }

    /** The settings to create the device with: {@code wanted} and the VIF's mark, when it has an id. */
    public LinkSettings marked(LinkSettings wanted) {
        return DeviceOwners.marked(wanted, vifId);
    }

    /** Deletes the device if it is there, unless it is marked as another VIF's. */
    public void delete(LinkManager links) {
        Optional<Link> link = find(links);
        Optional<String> other = link.flatMap(l -> DeviceOwners.otherOwner(l, vifId));
        if (other.isPresent()) {
            LOG.info("unplug of VIF " + vifId + ": " + kindName + " " + name
                    + " belongs to VIF " + other.get() + ", left alone");
        } else if (link.isPresent()) {
            links.deleteIfExists(name);
        }
    }

    /** A device marked as another VIF's is not this plug's to change. */
    private void refuseIfOthers(Link link) {
        Optional<String> other = DeviceOwners.otherOwner(link, vifId);
        if (other.isPresent()) {
            throw new HostObjectTaken(HostObject.device(name), other.get(), vifId);
        }
    }

    /**
     * What the host has of the device against what the plug makes: its presence, owner, kind, MTU, MAC and up
     * state; {@code more} adds the backend's own items for a device of the right kind.
     */
    public List<Finding> inspect(LinkManager links, LinkSettings wanted, BiConsumer<Link, List<Finding>> more) {
        HostObject object = HostObject.device(name);
        Optional<Link> found = links.link(name);
        if (found.isEmpty()) {
            return List.of(Finding.missing(object));
        }
        Link link = found.get();
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok(object, null));
        DeviceOwners.otherOwner(link, vifId).ifPresent(other -> findings.add(Finding.drifted(object, "owner", vifId,
                other)));
        if (!ofKind.test(link)) {
            findings.add(Finding.drifted(object, "kind", kindName, link.kind().isEmpty() ? "none" : link.kind()));
            return findings;
        }
        findings.add(Finding.ok(object, "kind"));
        wanted.mtu().ifPresent(mtu -> findings.add(Finding.compare(object, "mtu", mtu, link.mtu())));
        wanted.address().ifPresent(mac -> findings.add(Finding.compare(object, "address", mac,
                link.address().orElse(null))));
        wanted.up().ifPresent(up -> findings.add(Finding.compare(object, "up", up, link.isUp())));
        more.accept(link, findings);
        return findings;
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
