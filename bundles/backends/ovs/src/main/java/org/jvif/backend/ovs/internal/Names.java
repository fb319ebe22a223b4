package org.jvif.backend.ovs.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.jvif.host.netlink.ValidNames;

/**
 * os-vif's device names ({@code OvsPlugin.gen_port_name}, {@code get_veth_pair_names},
 * {@code get_dpdk_representor_port_name}) and the checks every name and value passes before it reaches
 * the kernel or OVSDB. A refused value is an {@link IllegalArgumentException} naming the VIF field.
 */
final class Names {
    /** os-vif's {@code NIC_NAME_LEN}. */
    static final int NIC_NAME_LEN = 14;
    /** Port, interface and bridge names that never become kernel devices (patch ports, vhost-user). */
    private static final int MAX_OVS_NAME = 255;
    /** sockaddr_un.sun_path without the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final Pattern DATAPATH_TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PCI_ADDRESS = Pattern.compile("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");

    private Names() {
    }

    /** os-vif's {@code gen_port_name}: the prefix and the VIF id, cut to {@value #NIC_NAME_LEN} characters. */
    static String portName(String prefix, String vifId) {
        return portName(prefix, vifId, NIC_NAME_LEN);
    }

    static String portName(String prefix, String vifId, int maxLength) {
        String name = prefix + vifId;
        return name.length() <= maxLength ? name : name.substring(0, maxLength);
    }

    /** os-vif's {@code get_veth_pair_names}: the Linux bridge end and the Open vSwitch end. */
    static String[] vethPair(String vifId) {
        return new String[] {portName("qvb", vifId), portName("qvo", vifId)};
    }

    /** os-vif's {@code get_dpdk_representor_port_name}. */
    static String dpdkRepresentor(String vifId) {
        return portName("vfr", vifId);
    }

    static IllegalArgumentException invalid(Object field, Object value, String reason) {
        return new IllegalArgumentException(field + ": invalid value "
                + (value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value)) + ": " + reason);
    }

    static IllegalArgumentException missing(Object field) {
        return new IllegalArgumentException(field + " is required");
    }

    /** A kernel network device name, by the one set of rules names meet the kernel with ({@link ValidNames}). */
    static String device(Object field, String name) {
        if (name == null) {
            throw missing(field);
        }
        String problem = ValidNames.interfaceProblem(name);
        if (problem != null) {
            throw invalid(field, name, problem);
        }
        return name;
    }

    /** A name that lives in OVSDB only (patch and vhost-user ports): printable, no whitespace. */
    static String ovsName(Object field, String name) {
        if (name == null) {
            throw missing(field);
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_OVS_NAME) {
            throw invalid(field, name, "must have 1.." + MAX_OVS_NAME + " bytes, has " + bytes);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw invalid(field, name, "must not contain whitespace or control characters");
            }
        }
        return name;
    }

    /** A bridge datapath type such as system or netdev. */
    static String datapathType(Object field, String type) {
        if (!DATAPATH_TYPE.matcher(type).matches()) {
            throw invalid(field, type, "a datapath type is 1..64 letters, digits, '_', '.' or '-'");
        }
        return type;
    }

    /** The vhost-user socket of a server-mode VIF: an absolute path that fits a unix socket address. */
    static String socketPath(Object field, String path) {
        if (path == null) {
            throw missing(field);
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (!path.startsWith("/") || bytes > MAX_SOCKET_PATH) {
            throw invalid(field, path, "must be an absolute path of at most " + MAX_SOCKET_PATH + " bytes");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw invalid(field, path, "must not contain control characters");
            }
        }
        return path;
    }

    static String pciAddress(Object field, String address) {
        if (address == null) {
            throw missing(field);
        }
        if (!PCI_ADDRESS.matcher(address).matches()) {
            throw invalid(field, address, "a PCI address looks like 0000:81:00.2");
        }
        return address.toLowerCase();
    }
}
