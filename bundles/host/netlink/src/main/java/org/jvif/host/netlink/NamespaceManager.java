package org.jvif.host.netlink;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Network namespaces as iproute2's {@code ip netns} keeps them (files under {@link NetNamespace#RUN_DIR}):
 * handles on them, and creating and deleting them. A service, so that another provider or a test fake can
 * stand in; {@link #standard()} (and {@link NetNamespace}'s static methods) give this library's own outside
 * a framework.
 */
@ProviderType
public interface NamespaceManager {
    /** This library's own provider, for code that runs outside an OSGi framework. */
    static NamespaceManager standard() {
        return Providers.NAMESPACES;
    }

    /** The namespace the calling threads are in; work runs on the calling thread. */
    NetNamespace current();

    /** Opens the namespace {@code /run/netns/<name>}. */
    NetNamespace open(String name);

    /** Opens the namespace behind a file, e.g. {@code /proc/<pid>/ns/net}. */
    NetNamespace open(Path file);

    /** Opens the namespace behind a file descriptor; the descriptor stays the caller's. */
    NetNamespace open(int fd);

    /**
     * Creates {@code /run/netns/<name>} like {@code ip netns add}: a new namespace bind-mounted there
     * ({@code /run/netns} made a shared mount first), and returns a handle on it.
     */
    NetNamespace create(String name);

    /** Removes {@code /run/netns/<name>} like {@code ip netns delete}; the namespace dies with its last user. */
    void delete(String name);

    /** Whether {@code /run/netns/<name>} is there. */
    boolean exists(String name);
}
