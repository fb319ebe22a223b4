package org.jvif.backend.tap.internal;

import org.jvif.host.linux.BackendOptions;
import org.jvif.host.linux.VifChecks;

/**
 * The options of {@link TapConfig}, checked.
 *
 * @param networkDeviceMtu {@code network_device_mtu}
 * @param multiqueue {@code multiqueue}
 */
record TapSettings(int networkDeviceMtu, boolean multiqueue) {
    static final String NETWORK_DEVICE_MTU = "network_device_mtu";
    static final String MULTIQUEUE = "multiqueue";
    static final int DEFAULT_NETWORK_DEVICE_MTU = 1500;

    static TapSettings read(BackendOptions options) {
        return new TapSettings(
                options.integer(NETWORK_DEVICE_MTU, DEFAULT_NETWORK_DEVICE_MTU, VifChecks.MIN_MTU, VifChecks.MAX_MTU),
                options.bool(MULTIQUEUE, false));
    }
}
