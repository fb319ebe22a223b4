package org.jvif.backend.macvtap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value MacvtapPlugin#PID}. */
@ObjectClassDefinition(name = "jvif macvtap backend", description = "macvtap devices for VIFDirect")
@interface MacvtapConfig {
    @AttributeDefinition(description = "MTU setting for network interface (when the network has none).",
            min = "68", max = "65535")
    int network__device__mtu() default 1500;

    @AttributeDefinition(description = "Where sysfs is mounted: the lower device of a VIF is found under "
            + "<sysfs_root>/bus/pci/devices/<dev_address>/net/.")
    String sysfs__root() default "/sys";

    @AttributeDefinition(required = false,
            description = "Network namespace (name under /run/netns) to plug into; empty for the platform's own.")
    String network__namespace() default "";
}
