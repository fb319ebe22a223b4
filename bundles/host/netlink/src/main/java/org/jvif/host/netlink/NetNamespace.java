package org.jvif.host.netlink;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle on a network namespace. Rtnetlink requests go through a socket opened inside it, from any
 * thread; work that must run inside it (tap creation, sysctls, {@link #call}) runs on one thread per
 * handle that joined it with setns(2), so the caller's threads never change namespace. Close the handle
 * when done: it closes the socket and ends the thread. The static methods are conveniences over
 * {@link NamespaceManager#standard()}; components take a {@link NamespaceManager} service instead.
 */
@ProviderType
public interface NetNamespace extends AutoCloseable {
    /** Where named namespaces live, as with iproute2. */
    Path RUN_DIR = Path.of("/run/netns");

    /** The namespace the calling threads are in; work runs on the calling thread. */
    static NetNamespace current() {
        return NamespaceManager.standard().current();
    }

    /** Opens the namespace {@code /run/netns/<name>}. */
    static NetNamespace open(String name) {
        return NamespaceManager.standard().open(name);
    }

    /** Opens the namespace behind a file, e.g. {@code /proc/<pid>/ns/net}. */
    static NetNamespace open(Path file) {
        return NamespaceManager.standard().open(file);
    }

    /** Opens the namespace behind a file descriptor; the descriptor stays the caller's. */
    static NetNamespace open(int fd) {
        return NamespaceManager.standard().open(fd);
    }

    /**
     * Creates {@code /run/netns/<name>} like {@code ip netns add}: a new namespace bind-mounted there
     * ({@code /run/netns} made a shared mount first), and returns a handle on it.
     */
    static NetNamespace create(String name) {
        return NamespaceManager.standard().create(name);
    }

    /** Removes {@code /run/netns/<name>} like {@code ip netns delete}; the namespace dies with its last user. */
    static void delete(String name) {
        NamespaceManager.standard().delete(name);
    }

    static boolean exists(String name) {
        return NamespaceManager.standard().exists(name);
    }

    /** The name, path or description this handle was opened with. */
    String name();

    /** The links of this namespace. */
    LinkManager links();

    /** Runs {@code work} inside this namespace and returns its result; exceptions propagate unchanged. */
    <T> T call(Supplier<T> work);

    /** Closes the socket and ends the namespace thread; idempotent. */
    @Override
    void close();
}
