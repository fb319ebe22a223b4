package org.jvif.backend.tap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value TapPlugin#PID}. */
@ObjectClassDefinition(name = "jvif tap backend", description = "Persistent tap devices for VIFGeneric")
@interface TapConfig {
    @AttributeDefinition(description = "MTU setting for network interface (when the network has none).",
            min = "68", max = "65535")
    int network__device__mtu() default 1500;

    @AttributeDefinition(description = "Create taps with IFF_MULTI_QUEUE, for multiqueue vhost guests.")
    boolean multiqueue() default false;

    @AttributeDefinition(required = false,
            description = "Network namespace (name under /run/netns) to plug into; empty for the platform's own.")
    String network__namespace() default "";
}
