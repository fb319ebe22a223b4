package org.jvif.host.netlink.internal;

import static org.jvif.host.netlink.internal.Native.LIBC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.jvif.host.netlink.TapOptions;

/** Tap devices through /dev/net/tun (linux/if_tun.h). */
final class Tun {
    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETPERSIST = 0x400454cbL;
    private static final long TUNSETOWNER = 0x400454ccL;
    private static final long TUNSETGROUP = 0x400454ceL;
    private static final int IFF_TAP = 0x0002;
    private static final int IFF_MULTI_QUEUE = 0x0100;
    private static final int IFF_NO_PI = 0x1000;
    /** Fail instead of attaching to an existing device of that name. */
    private static final int IFF_TUN_EXCL = 0x8000;
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_FLAGS = 16;
    private static final int O_RDWR = 2;

    private Tun() {
    }

    /**
     * Makes a tap and returns the file descriptor that holds it; {@link #persist} makes it outlive the
     * descriptor. Must run inside the target namespace: the device lands in the namespace that opened
     * /dev/net/tun. Until TUNSETPERSIST succeeds the device lives only as long as the descriptor, so a failure
     * (or a process killed) before it leaves nothing behind.
     */
    static int open(String name, TapOptions tap, String operation) {
        // EACCES here is the device's mode, not a missing capability: say which file
        int fd = Native.check(LIBC.open("/dev/net/tun", O_RDWR | Namespaces.O_CLOEXEC, 0), operation + ": opening /dev/net/tun");
        try {
            ByteBuffer ifreq = ByteBuffer.allocateDirect(IFREQ_SIZE).order(ByteOrder.nativeOrder());
            ifreq.put(name.getBytes(StandardCharsets.UTF_8));
            int flags = IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL | (tap.multiQueue() ? IFF_MULTI_QUEUE : 0);
            ifreq.putShort(IFREQ_FLAGS, (short) flags);
            ifreq.clear();
            Native.check(LIBC.ioctl(fd, TUNSETIFF, ifreq), operation);
            if (tap.owner().isPresent()) {
                Native.check(LIBC.ioctl(fd, TUNSETOWNER, tap.owner().getAsInt()), operation + ": setting owner");
            }
            if (tap.group().isPresent()) {
                Native.check(LIBC.ioctl(fd, TUNSETGROUP, tap.group().getAsInt()), operation + ": setting group");
            }
            return fd;
        } catch (RuntimeException e) {
            LIBC.close(fd);
            throw e;
        }
    }

    /** Makes the tap {@link #open} made outlive its descriptor. */
    static void persist(int fd, String operation) {
        Native.check(LIBC.ioctl(fd, TUNSETPERSIST, 1L), operation + ": making it persistent");
    }

    static void close(int fd) {
        LIBC.close(fd);
    }
}
