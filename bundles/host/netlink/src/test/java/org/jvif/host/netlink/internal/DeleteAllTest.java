package org.jvif.host.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetNamespace;
import org.junit.jupiter.api.Test;

/** A device group that already holds a link someone else put there is never deleted as a group. */
class DeleteAllTest {

    @Test
    void aForeignLinkInTheGroupMeansOneByOne() throws Exception {
        String name = "jvif-t-grp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        try (NetNamespace ns = NetNamespace.create(name)) {
            LinkManager links = ns.links();
            links.createBridge("qbrg", BridgeOptions.DEFAULTS, LinkSettings.NONE);
            links.createVethPair("qvbg", LinkSettings.NONE.withMaster("qbrg"), "qvog", LinkSettings.NONE);
            links.createBridge("foreign", BridgeOptions.DEFAULTS, LinkSettings.NONE);
            // the group the next deleteAll takes, given to a link it is not asked to delete
            ip(name, "link", "set", "foreign", "group", Integer.toUnsignedString(RtnlLinkManager.GROUPS.get()));

            assertTrue(links.deleteAll(List.of("qbrg", "qvog")));
            assertFalse(links.exists("qbrg"));
            assertFalse(links.exists("qvog"));
            assertFalse(links.exists("qvbg"));
            assertTrue(links.exists("foreign"));
        } finally {
            NetNamespace.delete(name);
        }
    }

    private static void ip(String ns, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
