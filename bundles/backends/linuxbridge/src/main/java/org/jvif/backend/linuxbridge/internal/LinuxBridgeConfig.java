package org.jvif.backend.linuxbridge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value LinuxBridgePlugin#PID}: the os-vif [os_vif_linux_bridge] options jvif carries over, by their names. */
@ObjectClassDefinition(name = "jvif linux_bridge backend",
        description = "os-vif's vif_plug_linux_bridge: Linux bridges for VIFBridge")
@interface LinuxBridgeConfig {
    @AttributeDefinition(description = "MTU setting for network interface (when the network has none).",
            min = "68", max = "65535")
    int network__device__mtu() default 1500;

    @AttributeDefinition(required = false, description = "VLANs will bridge into this interface if set.")
    String vlan__interface() default "";

    @AttributeDefinition(required = false, description = "FlatDhcp will bridge into this interface if set.")
    String flat__interface() default "";

    @AttributeDefinition(required = false,
            description = "Network namespace (name under /run/netns) to plug into; empty for the platform's own.")
    String network__namespace() default "";
}
