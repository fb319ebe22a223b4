package org.jvif.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KAR alone on a real Apache Karaf (full distribution, default settings) without any Maven repository
 * to download from: dropped into deploy/, it installs every jvif feature (the KAR deployer's own install,
 * default auto-refresh), and all of it is Active again after a restart of Karaf.
 */
class KarafFullIT {
    private static Karaf karaf;

    @BeforeAll
    static void boot() throws Exception {
        karaf = new Karaf(Path.of(System.getProperty("karaf.full.home")));
        karaf.start();
        karaf.deployKar();
        karaf.awaitOutput("feature:list -i", "\njvif ", () -> "");
        assertFalse(karaf.log().contains("Refreshing bundles"), "the KAR refreshed bundles; see "
                + karaf.home.resolve("data/log/karaf.log"));
        karaf.assertEveryObjectType();
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
    void everyBundleIsActiveAfterTheRestart() throws Exception {
        karaf.assertEveryBundleActive();
        karaf.assertEveryObjectType();
        assertTrue(karaf.client("vif:host-info").contains("VIFOpenVSwitch"));
    }
}
