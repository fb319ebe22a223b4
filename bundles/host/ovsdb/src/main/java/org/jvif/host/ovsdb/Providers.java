package org.jvif.host.ovsdb;

import java.util.ServiceLoader;

/**
 * This bundle's own providers for the API's static conveniences, found through {@link ServiceLoader} in the
 * bundle itself (META-INF/services), so that the API names no implementation class.
 */
final class Providers {
    static final OvsdbConnector CONNECTOR = ServiceLoader
            .load(OvsdbConnector.class, OvsdbConnector.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException("no OvsdbConnector in " + OvsdbConnector.class
                    .getProtectionDomain().getCodeSource()));

    private Providers() {
    }
}
