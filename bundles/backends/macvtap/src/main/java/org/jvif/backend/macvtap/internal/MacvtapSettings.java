package org.jvif.backend.macvtap.internal;

import java.nio.file.Path;

import org.jvif.host.linux.BackendOptions;
import org.jvif.host.linux.VifChecks;

/**
 * The options of {@link MacvtapConfig}, checked.
 *
 * @param networkDeviceMtu {@code network_device_mtu}
 * @param sysfsRoot {@code sysfs_root}, absolute and normalized
 */
record MacvtapSettings(int networkDeviceMtu, Path sysfsRoot) {
    static final String NETWORK_DEVICE_MTU = "network_device_mtu";
    static final String SYSFS_ROOT = "sysfs_root";
    static final int DEFAULT_NETWORK_DEVICE_MTU = 1500;
    static final String DEFAULT_SYSFS_ROOT = "/sys";

    static MacvtapSettings read(BackendOptions options) {
        return new MacvtapSettings(
                options.integer(NETWORK_DEVICE_MTU, DEFAULT_NETWORK_DEVICE_MTU, VifChecks.MIN_MTU, VifChecks.MAX_MTU),
                options.absolutePath(SYSFS_ROOT, DEFAULT_SYSFS_ROOT));
    }
}
