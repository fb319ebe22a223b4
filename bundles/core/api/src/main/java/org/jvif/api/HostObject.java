package org.jvif.api;

import java.util.Objects;

/**
 * A thing on the host that a VIF's plug makes or changes and its unplug removes: a kernel device, an OVSDB
 * {@code Port}/{@code Interface}, bridge or {@code QoS} row. The registry serializes calls by {@link #name()}
 * (one call at a time per VIF id and per name), so a VIF names here only what is its own (its
 * {@code vif_name}, a hybrid VIF's {@code qbr}/{@code qvb}/{@code qvo}, a per-port bridge), never what many
 * VIFs share (the integration bridge, a linux_bridge network's bridge).
 *
 * @param kind what it is
 * @param name its name: the device name, or the OVSDB row's {@code name} (a {@code QoS} row: the name of the
 *     port it serves)
 * @param where where the backend found or makes it, for people to read (a network namespace, an OVSDB
 *     bridge), or null for the platform's own namespace and database
 */
public record HostObject(Kind kind, String name, String where) {
    /** The kinds of host objects backends make. */
    public enum Kind {
        /** A kernel network device (tap, veth end, bridge, macvtap). */
        DEVICE,
        /** An OVSDB {@code Port} with its {@code Interface}s. */
        OVS_PORT,
        /** An OVSDB {@code Bridge} (a per-port or trunk bridge). */
        OVS_BRIDGE,
        /** An OVSDB {@code QoS} row (with its {@code Queue}s). */
        OVS_QOS
    }

    public HostObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A device in the platform's own namespace. */
    public static HostObject device(String name) {
        return new HostObject(Kind.DEVICE, name, null);
    }

    @Override
    public String toString() {
        String k = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return where == null ? k + " " + name : k + " " + name + " (" + where + ")";
    }
}
