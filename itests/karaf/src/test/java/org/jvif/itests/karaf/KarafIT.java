package org.jvif.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an OpenDaylight user does, on a real Apache Karaf minimal with its default settings, offline: the
 * features repository added, {@code feature:install jvif} with Karaf's default auto-refresh, Karaf
 * restarted once, the vif: commands run through Karaf's own client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafIT {
    private static Karaf karaf;

    @BeforeAll
    static void boot() throws Exception {
        karaf = new Karaf(Path.of(System.getProperty("karaf.minimal.home")));
        karaf.copyKarRepository();
        karaf.start();
        karaf.awaitOutput("feature:repo-list", "jvif-" + Karaf.VERSION,
                () -> karaf.client("feature:repo-add mvn:org.jvif/jvif-features/" + Karaf.VERSION + "/xml/features"));
        // once, with the default auto-refresh: it must neither need nor do a refresh of what runs (a refresh
        // of Karaf's logging, shell and ssh would drop this very session mid-install)
        String installed = karaf.client("feature:install jvif");
        assertFalse(installed.contains("Error") || installed.contains("Exception"), installed);
        assertTrue(karaf.client("feature:list -i").contains("\njvif "), "jvif is not installed: " + installed);
        assertFalse(karaf.log().contains("Refreshing bundles"), "the install refreshed bundles; see "
                + karaf.home.resolve("data/log/karaf.log"));
        karaf.awaitOutput("vif:types", "VIFPortProfileOpenVSwitch", () -> "");
        // and it all comes back after a restart of Karaf
        karaf.stop();
        karaf.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (karaf != null) {
            karaf.stop();
        }
    }

    @Test
    @Order(1)
    void everyBundleIsActiveAfterTheRestart() throws Exception {
        karaf.assertEveryBundleActive();
    }

    @Test
    @Order(2)
    void hostInfoShowsTheBackends() throws Exception {
        String out = karaf.awaitOutput("vif:host-info", "VIFVHostUser", () -> "");
        assertTrue(out.contains("noop"), out);
        for (String backend : List.of("linux_bridge", "tap", "macvtap")) {
            assertTrue(out.contains(backend), backend + " in " + out);
        }
        String json = karaf.client("vif:host-info --json");
        assertTrue(json.contains("\"versioned_object.name\": \"HostInfo\""), json);
    }

    @Test
    @Order(3)
    void everyObjectTypeIsInstalled() throws Exception {
        karaf.assertEveryObjectType();
    }

    /**
     * A backend stopped while its OVSDB client keeps reconnecting leaves no thread behind: restarted, only the
     * new client's threads run; jvif uninstalled, none of its threads does. Last: it uninstalls jvif.
     */
    @Test
    @Order(10)
    void stoppedBundlesLeaveNoThreads() throws Exception {
        karaf.awaitThreads("the backend's client reconnecting", t -> t.stream().anyMatch(n -> n.startsWith("ovsdb-io ")));
        karaf.client("bundle:restart org.jvif.backend.ovs");
        karaf.awaitThreads("the restarted backend's client alone", t -> t.stream()
                .filter(n -> n.startsWith("ovsdb-io ")).count() == 1);
        karaf.client("bundle:stop org.jvif.backend.ovs");
        karaf.awaitThreads("no OVSDB client once the backend stopped", t -> t.stream().noneMatch(n -> n.startsWith("ovsdb-")));
        karaf.client("bundle:start org.jvif.backend.ovs");
        karaf.awaitThreads("the started backend's client reconnecting", t -> t.stream().anyMatch(n -> n.startsWith("ovsdb-io ")));
        karaf.client("feature:uninstall jvif");
        karaf.awaitThreads("no jvif thread once jvif is uninstalled", List::isEmpty);
        assertFalse(karaf.client("bundle:list -t 0").contains("| jvif "), "jvif bundles left after feature:uninstall jvif");
    }
}
