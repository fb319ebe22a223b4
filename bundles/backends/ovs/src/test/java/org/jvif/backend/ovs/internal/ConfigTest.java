package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvif.api.OsVif;
import org.jvif.host.ovsdb.Remote;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Configuration Admin's calls as SCR makes them: changes apply live, bad ones are refused whole. */
class ConfigTest {
    static Fixture fx;
    /** A second server (ovsdb-server alone, also on ssl) to move the connection to. */
    static OvsSandbox other;

    @BeforeAll
    static void sandboxes() {
        fx = new Fixture();
        other = OvsSandbox.builder().vswitchd(false).ssl(true).start();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @AfterEach
    void reset() {
        fx.reset();
        for (String br : other.vsctl("list-br").split("\n")) {
            if (!br.isBlank()) {
                other.vsctl("del-br", br.trim());
            }
        }
    }

    @Test
    void changesApplyLive() {
        OsVif osvif = fx.start();
        fx.plugin.modified(fx.config("network_device_mtu", 1400));
        VIFBridge vif = Vifs.hybrid("br-int", null, "netdev");
        osvif.plug(vif, Vifs.instance());
        assertEquals(1400, fx.requireLink(("qvo" + vif.getId()).substring(0, 14)).path("mtu").asInt());
    }

    @Test
    void badValuesKeepThePreviousConfiguration() {
        fx.start("network_device_mtu", 1400);
        Settings before = fx.plugin.settings();
        fx.plugin.modified(fx.config("network_device_mtu", 20, "isolate_vif", true));
        assertEquals(before, fx.plugin.settings());
        fx.plugin.modified(fx.config("network_namespace", "jvif-no-such-namespace"));
        assertEquals(before, fx.plugin.settings());
        fx.plugin.modified(fx.config("default_qos_type", "fast"));
        assertEquals(before, fx.plugin.settings());
    }

    @Test
    void badValuesAtActivationMeanTheDefaults() {
        fx.start("ovsdb_connection", "nonsense");
        assertEquals(Settings.defaults(), fx.plugin.settings());
    }

    /** A new ovsdb_connection: the next plug goes to the new server (here over ssl). */
    @Test
    void newConnectionReconnects() {
        OsVif osvif = fx.start();
        VIFOpenVSwitch first = Vifs.ovs("br-int", null);
        osvif.plug(first, Vifs.instance());
        fx.plugin.modified(fx.config("ovsdb_connection", other.sslRemote(), "wait_for_vswitchd", false,
                "ssl_key_file", other.sslPrivateKey().toString(), "ssl_cert_file", other.sslCertificate().toString(),
                "ssl_ca_cert_file", other.sslCaCertificate().toString()));
        assertEquals(Remote.Kind.SSL, fx.plugin.settings().ovsdbConnection().kind());
        VIFOpenVSwitch second = Vifs.ovs("br-int", null);
        osvif.plug(second, Vifs.instance());
        assertTrue(other.vsctl("list-ports", "br-int").contains(second.getVifName()));
        assertEquals(List.of(first.getVifName()), fx.ports("br-int"));

        fx.plugin.modified(fx.config());
        osvif.unplug(first, Vifs.instance());
        assertEquals(List.of(), fx.ports("br-int"));
        assertFalse(other.vsctl("list-ports", "br-int").isBlank());
    }
}
