package org.jvif.host.linux;

import java.util.function.Function;

import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.NetNamespace;

/**
 * The network namespace a backend plugs into: {@code /run/netns/<name>}, or the platform's own when the
 * name is empty. The handle is opened on first use, so a namespace may appear after the backend was
 * configured, and kept for later plugs. A backend that is reconfigured {@link #retire retires} the old
 * one: its handle closes once the plugs still using it are done.
 */
final class PlugNamespace {
    private final String name;
    private final Shared<NetNamespace> handle;

    /** @param name a name under /run/netns, or "" for the platform's own namespace */
    PlugNamespace(String name, NamespaceManager namespaces) {
        this.name = name;
        this.handle = Shared.opening(() -> {
            try {
                return name.isEmpty() ? namespaces.current() : namespaces.open(name);
            } catch (RuntimeException e) {
                throw new IllegalStateException(BackendOptions.NETWORK_NAMESPACE + " \"" + name
                        + "\": cannot open it: " + e.getMessage(), e);
            }
        });
    }

    /** The configured name; "" for the platform's own namespace. */
    String name() {
        return name;
    }

    /**
     * Runs {@code work} with the namespace's links.
     *
     * @throws IllegalStateException naming {@value BackendOptions#NETWORK_NAMESPACE} when the namespace
     *         cannot be opened
     */
    <T> T call(Function<LinkManager, T> work) {
        NetNamespace ns = handle.acquire();
        try {
            return work.apply(ns.links());
        } finally {
            handle.release();
        }
    }

    /** No new plug will start here; the handle closes when the last running one ends. */
    void retire() {
        handle.retire();
    }

    @Override
    public String toString() {
        return name.isEmpty() ? "the platform's network namespace" : "network namespace " + name;
    }
}
