package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jvif.api.PlugException;
import org.jvif.api.UnplugException;
import org.jvif.registry.internal.TestRegistry;
import org.jvif.api.OsVif;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnector;
import org.jvif.host.ovsdb.OvsdbOptions;
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

    /** Never the defaults: they would plug into this process's namespace over tcp:127.0.0.1:6640. */
    @Test
    void badValuesAtActivationLeaveItOutOfService() {
        OsVif osvif = fx.start("ovsdb_connection", "nonsense");
        assertNull(fx.plugin.settings());
        PlugException e = assertThrows(PlugException.class, () -> osvif.plug(Vifs.ovs("br-int", null), Vifs.instance()));
        assertTrue(e.getMessage().contains("out of service: org.jvif.backend.ovs: ovsdb_connection = \"nonsense\" refused"),
                e.getMessage());
        // the registry says why, as vif:plugins and vif:host-info show it
        assertTrue(osvif.outOfService().get("ovs").startsWith("org.jvif.backend.ovs: ovsdb_connection = \"nonsense\" "
                + "refused"), osvif.outOfService().toString());
        // a good configuration brings it into service
        fx.plugin.modified(fx.config());
        assertEquals(Map.of(), osvif.outOfService());
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        osvif.plug(vif, Vifs.instance());
        assertEquals(List.of(vif.getVifName()), fx.ports("br-int"));
    }

    /**
     * ssl: with a key, certificate or CA file missing (or not a readable file) is refused naming the key and
     * the file, and never downgraded: the configured port hears not a byte, and no connection is asked for
     * at all (so none to the default tcp:127.0.0.1:6640 either, which the test does not listen on: another
     * process of the machine may hold or dial it).
     */
    @Test
    void sslWithoutItsFilesIsNeverPlaintext() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        OvsdbConnector standard = OvsdbConnector.standard();
        OvsdbConnector recording = new OvsdbConnector() {
            @Override
            public OvsdbClient connect(OvsdbOptions options) {
                asked.add(options.remote().toString());
                return standard.connect(options);
            }

            @Override
            public CompletableFuture<OvsdbClient> connectAsync(OvsdbOptions options) {
                asked.add(options.remote().toString());
                return standard.connectAsync(options);
            }
        };
        try (ServerSocket configured = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String missing = "/nonexistent-" + System.nanoTime() + "/key.pem";
            String[][] cases = {
                {"ssl_key_file", missing},
                {"ssl_cert_file", "/tmp"},
                {"ssl_ca_cert_file", ""},
            };
            for (String[] c : cases) {
                Map<String, Object> config = fx.config("ovsdb_connection", "ssl:127.0.0.1:" + configured.getLocalPort(),
                        "ssl_key_file", other.sslPrivateKey().toString(), "ssl_cert_file", other.sslCertificate().toString(),
                        "ssl_ca_cert_file", other.sslCaCertificate().toString());
                config.put(c[0], c[1]);
                fx.stopPlugin();
                fx.plugin = new OvsPlugin(recording, NamespaceManager.standard());
                fx.plugin.activate(config);
                OsVif osvif = TestRegistry.with("ovs", fx.plugin);
                PlugException e = assertThrows(PlugException.class, () -> osvif.plug(Vifs.ovs("br-int", null), Vifs.instance()));
                assertTrue(e.getMessage().contains(c[0] + " = \"" + c[1] + "\" refused"), e.getMessage());
                // while running, a refused change keeps what is in force (here: out of service)
                fx.plugin.modified(config);
                assertThrows(UnplugException.class, () -> osvif.unplug(Vifs.ovs("br-int", null), Vifs.instance()));
            }
            configured.setSoTimeout(500);
            try (Socket peer = configured.accept()) {
                fail("plaintext connection to port " + configured.getLocalPort() + ": "
                        + new String(peer.getInputStream().readNBytes(200), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException expected) {
                // nothing came
            }
        }
        assertEquals(List.of(), asked, "connections asked for");
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
