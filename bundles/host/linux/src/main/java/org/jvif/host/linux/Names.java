package org.jvif.host.linux;

import java.nio.charset.StandardCharsets;

/** The kernel's rules for interface names and iproute2's for namespace names: the reason a name breaks them. */
final class Names {
    /** IFNAMSIZ minus the terminating NUL. */
    static final int MAX_INTERFACE_NAME = 15;
    private static final int MAX_FILE_NAME = 255;

    private Names() {
    }

    /** Why the kernel's dev_valid_name() would refuse {@code name}, or null if it is fine. */
    static String interfaceNameProblem(String name) {
        return problem(name, MAX_INTERFACE_NAME, true);
    }

    /** Why {@code name} cannot be a file under /run/netns, or null if it is fine. */
    static String namespaceNameProblem(String name) {
        return problem(name, MAX_FILE_NAME, false);
    }

    private static String problem(String name, int maxBytes, boolean interfaceRules) {
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
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "must not contain whitespace or control characters";
            }
        }
        return null;
    }
}
