package org.jvif.backend.linuxbridge.internal;

import org.jvif.host.linux.BackendOptions;
import org.jvif.host.linux.VifChecks;

/**
 * The options of {@link LinuxBridgeConfig}, checked.
 *
 * @param networkDeviceMtu {@code network_device_mtu}
 * @param vlanInterface {@code vlan_interface}, "" when unset
 * @param flatInterface {@code flat_interface}, "" when unset
 */
record LinuxBridgeSettings(int networkDeviceMtu, String vlanInterface, String flatInterface) {
    static final String NETWORK_DEVICE_MTU = "network_device_mtu";
    static final String VLAN_INTERFACE = "vlan_interface";
    static final String FLAT_INTERFACE = "flat_interface";
    static final int DEFAULT_NETWORK_DEVICE_MTU = 1500;

    static LinuxBridgeSettings read(BackendOptions options) {
        return new LinuxBridgeSettings(
                options.integer(NETWORK_DEVICE_MTU, DEFAULT_NETWORK_DEVICE_MTU, VifChecks.MIN_MTU, VifChecks.MAX_MTU),
                options.interfaceName(VLAN_INTERFACE),
                options.interfaceName(FLAT_INTERFACE));
    }
}
