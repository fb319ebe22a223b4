package org.jvif.backend.macvtap.internal;

import java.nio.file.Path;

import org.jvif.host.linux.BackendOptions;

/**
 * The options of {@link MacvtapConfig}, checked.
 *
 * @param networkDeviceMtu {@code network_device_mtu}
 * @param sysfsRoot {@code sysfs_root}, absolute and normalized
 */
record MacvtapSettings(int networkDeviceMtu, Path sysfsRoot) {
    static final String SYSFS_ROOT = "sysfs_root";

    static MacvtapSettings read(BackendOptions options) {
        return new MacvtapSettings(options.networkDeviceMtu(), options.absolutePath(SYSFS_ROOT, true));
    }
}
