package org.jvif.host.netlink.internal;

import java.util.function.Supplier;

import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.NetNamespace;

/** A namespace handle: its rtnetlink socket and, unless it is the current namespace, its thread. */
final class NamespaceHandle implements NetNamespace {
    private final String name;
    private final NamespaceThread thread;
    private final NetlinkSocket socket;
    private final RtnlLinkManager links;

    /** @param thread the thread inside the namespace, or null to work on the calling thread */
    NamespaceHandle(String name, NamespaceThread thread) {
        this.name = name;
        this.thread = thread;
        try {
            this.socket = call(NetlinkSocket::open);
        } catch (RuntimeException e) {
            if (thread != null) {
                thread.close();
            }
            throw e;
        }
        this.links = new RtnlLinkManager(socket, this);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LinkManager links() {
        return links;
    }

    @Override
    public <T> T call(Supplier<T> work) {
        return thread == null ? work.get() : thread.call(work);
    }

    @Override
    public void close() {
        socket.close();
        if (thread != null) {
            thread.close();
        }
    }

    @Override
    public String toString() {
        return "NetNamespace[" + name + "]";
    }
}
