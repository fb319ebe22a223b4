package org.jvif.launcher;

import java.util.concurrent.Callable;

/**
 * Where a platform of its own runs. {@code --sandbox} will run it in a fresh network namespace, so
 * that a command touches no device of the host; a sandboxed command never goes to the running
 * background platform.
 */
@FunctionalInterface
interface Sandbox {

    /** Runs the platform and returns its exit status. */
    int run(Callable<Integer> platform) throws Exception;

    /** No isolation: the host's namespaces. */
    Sandbox HOST = Callable::call;

    static Sandbox of(boolean isolated) throws UsageException {
        if (!isolated) {
            return HOST;
        }
        // TODO(netlink): unshare a new network namespace through the netlink library's native
        // calls (never `ip netns`), run the platform on a thread inside it so that every thread
        // Felix creates inherits it, and remove the namespace afterwards, also on failure.
        throw new UsageException("--sandbox is not available yet: it needs native namespace support from the netlink library");
    }
}
