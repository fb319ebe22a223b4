package org.jvif.itests.linux;

import java.util.concurrent.ThreadLocalRandom;

import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.NetNamespace;

/**
 * A private network namespace under a unique name, for one test class or one benchmark run; closing it
 * deletes the namespace and everything in it. Nothing here touches the machine's own interfaces.
 */
final class Sandbox implements AutoCloseable {
    final String name;
    final NetNamespace handle;
    final LinkManager links;

    private Sandbox(String name) {
        this.name = name;
        this.handle = NetNamespace.create(name);
        this.links = handle.links();
    }

    static Sandbox create(String purpose) {
        return new Sandbox("jvif-t-" + purpose + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24));
    }

    /** Deletes every link but loopback. */
    void clear() {
        for (Link link : links.links()) {
            if (!link.name().equals("lo")) {
                links.deleteIfExists(link.name());
            }
        }
    }

    /**
     * Deletes the links first, one by one, then the namespace: the kernel would otherwise tear them down
     * in its netns cleanup work while holding the rtnl lock, and stall whatever runs next.
     */
    @Override
    public void close() {
        try {
            clear();
            handle.close();
        } finally {
            if (NetNamespace.exists(name)) {
                NetNamespace.delete(name);
            }
        }
    }
}
