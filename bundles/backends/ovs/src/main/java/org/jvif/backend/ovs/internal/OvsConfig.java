package org.jvif.backend.ovs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the ovs backend (PID {@value OvsPlugin#PID}): os-vif's {@code [os_vif_ovs]} options under
 * their own names and defaults, and jvif's own. Method names map to property names as DS does ({@code __}
 * is one underscore), so the keys are exactly os-vif's, e.g. {@code network_device_mtu}.
 */
@ObjectClassDefinition(id = OvsPlugin.PID, name = "jvif ovs backend",
        description = "os-vif's vif_plug_ovs: plugs VIFs into Open vSwitch through OVSDB and rtnetlink")
@interface OvsConfig {
    @AttributeDefinition(description = "MTU of the network devices when the network gives none", min = "68", max = "65535")
    int network__device__mtu() default 1500;

    @AttributeDefinition(description = "Seconds to wait for each OVSDB call, including the wait for "
            + "ovs-vswitchd; 0 waits forever", min = "0")
    int ovs__vsctl__timeout() default 120;

    @AttributeDefinition(description = "The OVSDB server: tcp:IP:PORT, ssl:IP:PORT or unix:PATH; empty: ovs-vsctl's"
            + " default socket unix:/var/run/openvswitch/db.sock if it exists, else tcp:127.0.0.1:6640 (os-vif's default)")
    String ovsdb__connection() default "";

    @AttributeDefinition(description = "Plug new ports on the dead VLAN 4095, for the neutron ML2/OVS agent to bind")
    boolean isolate__vif() default false;

    @AttributeDefinition(description = "Plug each VIFOpenVSwitch into a bridge of its own, patched to the "
            + "integration bridge (experimental in os-vif)")
    boolean per__port__bridge() default false;

    @AttributeDefinition(description = "QoS type given to new ports on the kernel (system) datapath",
            options = {
                @Option(label = "linux-htb", value = "linux-htb"),
                @Option(label = "linux-hfsc", value = "linux-hfsc"),
                @Option(label = "linux-sfq", value = "linux-sfq"),
                @Option(label = "linux-codel", value = "linux-codel"),
                @Option(label = "linux-fq_codel", value = "linux-fq_codel"),
                @Option(label = "linux-noop", value = "linux-noop")})
    String default__qos__type() default "linux-noop";

    @AttributeDefinition(description = "Let a plug or unplug return only once ovs-vswitchd has applied it, as "
            + "os-vif does; off returns at the OVSDB commit")
    boolean wait__for__vswitchd() default true;

    @AttributeDefinition(description = "Merge the OVSDB transactions of concurrent callers, sharing their "
            + "wait for ovs-vswitchd")
    boolean ovsdb__batching() default true;

    @AttributeDefinition(description = "Network namespace (a name under /run/netns) where kernel devices are "
            + "made: the one ovs-vswitchd runs in; empty for this process's own", required = false)
    String network__namespace() default "";

    @AttributeDefinition(description = "Where sysfs is mounted, for finding VF representors")
    String sysfs__root() default "/sys";

    @AttributeDefinition(description = "PEM private key for ssl: connections", required = false)
    String ssl__key__file() default "";

    @AttributeDefinition(description = "PEM certificate for ssl: connections", required = false)
    String ssl__cert__file() default "";

    @AttributeDefinition(description = "PEM CA certificate the server's certificate must chain to, for ssl: "
            + "connections", required = false)
    String ssl__ca__cert__file() default "";
}
