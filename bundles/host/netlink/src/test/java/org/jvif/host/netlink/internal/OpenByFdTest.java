package org.jvif.host.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadLocalRandom;

import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetNamespace;
import org.junit.jupiter.api.Test;

/** A namespace handed over as a file descriptor; the descriptor stays the caller's. */
class OpenByFdTest {

    @Test
    void opensTheNamespaceBehindADescriptor() {
        String name = "jvif-t-fd-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        int fd = -1;
        try (NetNamespace created = NetNamespace.create(name)) {
            created.links().createBridge("brfd", BridgeOptions.DEFAULTS, LinkSettings.NONE);
            fd = Native.check(Native.LIBC.open("/run/netns/" + name, Namespaces.O_CLOEXEC, 0), "test open");
            try (NetNamespace byFd = NetNamespace.open(fd)) {
                assertTrue(byFd.links().exists("brfd"));
                assertEquals("fd " + fd, byFd.name());
            }
            assertEquals(0, Native.LIBC.close(fd), "our descriptor is still open and ours to close");
            fd = -1;
        } finally {
            if (fd >= 0) {
                Native.LIBC.close(fd);
            }
            NetNamespace.delete(name);
        }
    }
}
