package org.jvif.host.netlink;

import java.util.ServiceLoader;

/**
 * This bundle's own providers for the API's static conveniences, found through {@link ServiceLoader} in the
 * bundle itself (META-INF/services), so that the API names no implementation class.
 */
final class Providers {
    static final NamespaceManager NAMESPACES = ServiceLoader
            .load(NamespaceManager.class, NamespaceManager.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException("no NamespaceManager in " + NamespaceManager.class
                    .getProtectionDomain().getCodeSource()));

    private Providers() {
    }
}
