package org.jvif.host.linux;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

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

    /**
     * {@code before} is about to be changed: on failure its master, then its MTU, MAC, promiscuous and up
     * state are put back, each that differs on its own, so one the kernel refuses does not keep the others
     * from being restored.
     */
    public void changing(Link before) {
        steps.push(() -> {
            String name = before.name();
            Optional<Link> now = links.link(name);
            if (now.isEmpty()) {
                return;
            }
            RuntimeException failure = null;
            if (!now.get().master().equals(before.master())) {
                try {
                    links.setMaster(name, before.master().orElse(null));
                    now = links.link(name); // leaving a bridge changes the promiscuous state too
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            List<LinkSettings> rest = now.map(link -> LinkSettings.of(before).eachNotIn(link)).orElse(List.of());
            for (LinkSettings one : rest) {
                try {
                    links.update(name, one);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
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
