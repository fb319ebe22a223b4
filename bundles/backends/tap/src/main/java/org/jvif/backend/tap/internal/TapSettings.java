package org.jvif.backend.tap.internal;

import org.jvif.host.linux.BackendOptions;

/**
 * The options of {@link TapConfig}, checked.
 *
 * @param networkDeviceMtu {@code network_device_mtu}
 * @param multiqueue {@code multiqueue}
 */
record TapSettings(int networkDeviceMtu, boolean multiqueue) {
    static final String MULTIQUEUE = "multiqueue";

    static TapSettings read(BackendOptions options) {
        return new TapSettings(options.networkDeviceMtu(), options.bool(MULTIQUEUE));
    }
}
