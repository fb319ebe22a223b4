package org.jvif.backend.ovs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One plug or unplug as {@link Planner} made it (what one call of os-vif's {@code OvsPlugin.plug} or
 * {@code unplug} does), every input already checked: kernel steps before the OVSDB transaction (devices the
 * ports need), the transaction, kernel steps after it; and kernel steps that run while the transaction is
 * on its way to the server and ovs-vswitchd (deleting devices, which costs the kernel an RCU grace period or
 * two per device).
 */
final class Plan {
    final List<Consumer<KernelDevices>> before = new ArrayList<>();
    final OvsdbPlan ovsdb = new OvsdbPlan();
    final List<Consumer<KernelDevices>> during = new ArrayList<>();
    final List<Consumer<KernelDevices>> after = new ArrayList<>();
    /** Kernel devices of the VIF's own that the steps make or change: refused if marked as another VIF's. */
    final List<String> devices = new ArrayList<>();
    /** The devices the plug makes, as it makes them, for inspection. */
    final List<DeviceWant> deviceWants = new ArrayList<>();

    /**
     * A device as the plug makes it; null fields are not set by the plug.
     *
     * @param kind IFLA_INFO_KIND
     */
    record DeviceWant(String name, String kind, String master, Integer mtu, String address, boolean promiscuous,
            boolean noIpv6, boolean arpFiltering) {
        /** The sysctls the plug writes, as {@link org.jvif.host.netlink.LinkManager#sysctls} names them. */
        Map<String, String> sysctls() {
            Map<String, String> out = new LinkedHashMap<>();
            if (noIpv6) {
                out.put("net.ipv6.conf." + name + ".disable_ipv6", "1");
            }
            if (arpFiltering) {
                out.put("net.ipv4.conf." + name + ".arp_ignore", "1");
                out.put("net.ipv4.conf." + name + ".arp_announce", "2");
            }
            return out;
        }
    }

    Plan makes(DeviceWant d) {
        deviceWants.add(d);
        return this;
    }

    Plan before(Consumer<KernelDevices> step) {
        before.add(step);
        return this;
    }

    /** A step that only deletes devices: it runs while the transaction does and leaves nothing to undo. */
    Plan during(Consumer<KernelDevices> step) {
        during.add(step);
        return this;
    }

    Plan device(String name) {
        devices.add(name);
        return this;
    }

    Plan after(Consumer<KernelDevices> step) {
        after.add(step);
        return this;
    }
}
