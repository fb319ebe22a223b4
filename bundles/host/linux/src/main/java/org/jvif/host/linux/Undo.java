package org.jvif.host.linux;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a plug changed on the host, to put back if it fails half-way: links it created are deleted,
 * links it changed get their old state (and sysctls) back, newest first. Pre-existing links are never deleted. Every
 * backend's one undo stack.
 */
public final class Undo {
    private static final Logger LOG = LoggerFactory.getLogger(Undo.class);

    private final LinkManager links;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<String> undone = new ArrayList<>();

    /** One change to undo, said as done once undone ({@code deleted tap1}). */
    private record Step(String done, Runnable run) {
    }

    public Undo(LinkManager links) {
        this.links = links;
    }

    /** {@code name} was created by this plug. */
    public void created(String name) {
        created("", name);
    }

    /** {@code name}, a {@code what} ({@code tap}, {@code Linux bridge}), was created by this plug. */
    public void created(String what, String name) {
        step("deleted " + (what.isEmpty() ? "" : what + " ") + name, () -> links.deleteIfExists(name));
    }

    /** A change of the caller's own to undo, said as done ({@code set tap1 down again}). */
    public void step(String done, Runnable undo) {
        steps.push(new Step(done, undo));
    }

    /**
     * {@code before} is about to be changed: on failure its master, then its MTU, MAC, promiscuous and up
     * state are put back, each that differs on its own, so one the kernel refuses does not keep the others
     * from being restored.
     */
    public void changing(Link before) {
        step("restored " + before.name(), () -> {
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
     * The sysctls os-vif writes ({@code disable_ipv6}, {@code arp_ignore}, {@code arp_announce}) are about to
     * change on {@code device}, which this plug did not make: on failure they get their values back.
     */
    public void changingSysctls(String device) {
        Map<String, String> before = links.sysctls(device);
        step("restored the sysctls of " + device, () -> links.restoreSysctls(device, before));
    }

    /**
     * Runs the undo steps, newest first, and returns {@code failure} (the reason for undoing) with the
     * errors of any step that failed added as suppressed (and logged).
     */
    public <E extends Throwable> E rollback(E failure) {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.run().run();
                undone.add(0, step.done());
            } catch (RuntimeException e) {
                LOG.warn("undoing a failed plug", e);
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    /** What the rollbacks undid, oldest change first ({@code deleted Linux bridge qbr1}), for messages. */
    public List<String> undone() {
        return List.copyOf(undone);
    }
}
