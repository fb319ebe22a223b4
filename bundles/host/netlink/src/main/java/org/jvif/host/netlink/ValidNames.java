package org.jvif.host.netlink;

import java.nio.charset.StandardCharsets;

/**
 * The one place that says which names may reach the kernel: interface names by the kernel's
 * {@code dev_valid_name()} rules plus no '%' (the kernel would read {@code tap%d} as a template and pick
 * {@code tap0} itself, so the device made is not the one named) and no control characters; namespace names as
 * files under /run/netns. Every backend, and this library before each request, checks names here.
 */
public final class ValidNames {
    /** IFNAMSIZ minus the terminating NUL. */
    public static final int MAX_INTERFACE_NAME = 15;
    /** NAME_MAX: a file name under /run/netns. */
    public static final int MAX_NAMESPACE_NAME = 255;

    private ValidNames() {
    }

    /** Why the kernel would refuse {@code name} as an interface name, or rename it; null if it is fine. */
    public static String interfaceProblem(String name) {
        return problem(name, MAX_INTERFACE_NAME, true);
    }

    /** Why {@code name} cannot be a file under /run/netns, or null if it is fine. */
    public static String namespaceProblem(String name) {
        return problem(name, MAX_NAMESPACE_NAME, false);
    }

    /**
     * {@code name}, if it is a valid interface name.
     *
     * @throws InvalidValueException naming {@code field} and the value otherwise
     */
    public static String interfaceName(String field, String name) {
        return check(field, name, interfaceProblem(name), "an interface name is required");
    }

    /**
     * {@code name}, if it is a valid name under /run/netns.
     *
     * @throws InvalidValueException naming {@code field} and the value otherwise
     */
    public static String namespaceName(String field, String name) {
        return check(field, name, namespaceProblem(name), "a namespace name is required");
    }

    private static String check(String field, String name, String problem, String missing) {
        if (name == null) {
            throw new InvalidValueException(field, null, missing);
        }
        if (problem != null) {
            throw new InvalidValueException(field, name, problem);
        }
        return name;
    }

    private static String problem(String name, int maxBytes, boolean interfaceRules) {
        if (name == null) {
            return "is required";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > maxBytes) {
            return "must be 1.." + maxBytes + " bytes, is " + bytes;
        }
        if (name.equals(".") || name.equals("..")) {
            return "must not be . or ..";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                return "must not contain '/'";
            }
            if (interfaceRules && c == ':') {
                return "must not contain ':'";
            }
            if (interfaceRules && c == '%') {
                return "must not contain '%' (the kernel would pick the name itself)";
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "must not contain whitespace or control characters";
            }
        }
        return null;
    }
}
