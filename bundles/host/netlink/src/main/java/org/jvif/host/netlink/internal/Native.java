package org.jvif.host.netlink.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

import org.jvif.host.netlink.NetlinkException;

/** Loads libc once and turns a failed call's errno into {@link NetlinkException}. */
final class Native {
    static final LibC LIBC = LibraryLoader.create(LibC.class)
            .load(Platform.getNativePlatform().getStandardCLibraryName());
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    // errno values this bundle reacts to (asm-generic, same on x86_64 and aarch64)
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;

    private Native() {
    }

    /** Loads this class: binds the C library. */
    static void load() {
        // the static initializer did it
    }

    /** errno of the last failed call on this thread. */
    static int errno() {
        return RUNTIME.getLastError();
    }

    /** Throws for a negative return value, else returns it. */
    static int check(int result, String operation) {
        if (result < 0) {
            throw error(errno(), operation, null);
        }
        return result;
    }

    static NetlinkException error(int errno, String operation, String kernelMessage) {
        return new NetlinkException(errno, errnoName(errno), operation, description(errno), kernelMessage);
    }

    static String errnoName(int errno) {
        try {
            String name = LIBC.strerrorname_np(errno);
            if (name != null) {
                return name;
            }
        } catch (UnsatisfiedLinkError notGlibc) {
            // strerrorname_np is glibc 2.32+; fall through to the number
        }
        return "errno " + errno;
    }

    private static String description(int errno) {
        try {
            String text = LIBC.strerrordesc_np(errno);
            if (text != null) {
                return text;
            }
        } catch (UnsatisfiedLinkError notGlibc) {
            // see errnoName
        }
        return "error " + errno;
    }
}
