package org.jvif.host.netlink;

import java.util.concurrent.ThreadLocalRandom;

/** Private namespaces for tests: unique names, removed even when a test fails. */
final class TestNamespaces {
    private TestNamespaces() {
    }

    static String uniqueName(String purpose) {
        return "jvif-t-" + purpose + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    /** Closes the handle and deletes the namespace, whatever state they are in. */
    static void remove(NetNamespace handle, String name) {
        try {
            if (handle != null) {
                handle.close();
            }
        } finally {
            if (name != null && NetNamespace.exists(name)) {
                NetNamespace.delete(name);
            }
        }
    }
}
