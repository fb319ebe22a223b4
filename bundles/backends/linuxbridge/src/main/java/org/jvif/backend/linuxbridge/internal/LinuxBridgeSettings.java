package org.jvif.backend.linuxbridge.internal;

import org.jvif.host.linux.BackendOptions;

/**
 * The options of {@link LinuxBridgeConfig}, checked.
 *
 * @param networkDeviceMtu {@code network_device_mtu}
 * @param vlanInterface {@code vlan_interface}, "" when unset
 * @param flatInterface {@code flat_interface}, "" when unset
 */
record LinuxBridgeSettings(int networkDeviceMtu, String vlanInterface, String flatInterface) {
    static final String VLAN_INTERFACE = "vlan_interface";
    static final String FLAT_INTERFACE = "flat_interface";

    static LinuxBridgeSettings read(BackendOptions options) {
        return new LinuxBridgeSettings(options.networkDeviceMtu(), options.interfaceName(VLAN_INTERFACE),
                options.interfaceName(FLAT_INTERFACE));
    }
}
