package org.jvif.host.linux;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;

/**
 * What a plug changed on the host, to put back if it fails half-way: links it created are deleted,
 * links it changed get their old state back, newest first. Pre-existing links are never deleted.
 */
public final class Undo {
    private final LinkManager links;
    private final Deque<Runnable> steps = new ArrayDeque<>();

    public Undo(LinkManager links) {
        this.links = links;
    }

    /** {@code name} was created by this plug. */
    public void created(String name) {
        steps.push(() -> links.deleteIfExists(name));
    }

    /** {@code before} is about to be changed: its master, MTU and up state are restored on failure. */
    public void changing(Link before) {
        steps.push(() -> {
            links.setMaster(before.name(), before.master().orElse(null));
            LinkSettings settings = LinkSettings.NONE.withUp(before.isUp());
            if (before.mtu() >= VifChecks.MIN_MTU && before.mtu() <= VifChecks.MAX_MTU) {
                settings = settings.withMtu(before.mtu());
            }
            if (before.address().isPresent() && !before.address().get().isMulticast()
                    && !before.address().get().isZero()) {
                settings = settings.withAddress(before.address().get());
            }
            links.update(before.name(), settings);
        });
    }

    /**
     * Runs the undo steps, newest first, and returns {@code failure} (the reason for undoing) with the
     * errors of any step that failed added as suppressed.
     */
    public <E extends Throwable> E rollback(E failure) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }
}
