package org.jvif.host.ovsdb;

import static org.jvif.host.ovsdb.OvsdbClientTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tcp: and ssl: remotes against ovsdb-server's ptcp:/pssl: with openssl-made certificates. */
class RemotesTest {
    static OvsSandbox ovs;

    @BeforeAll
    static void start() {
        ovs = OvsSandbox.builder().vswitchd(false).tcp(true).ssl(true).start();
    }

    @AfterAll
    static void stop() {
        if (ovs != null) {
            ovs.close();
        }
    }

    @Test
    void tcp() throws Exception {
        try (OvsdbClient c = OvsdbClient.connect(OvsdbOptions.builder(ovs.tcpRemote()).timeout(Duration.ofSeconds(10)).build())) {
            assertTrue(get(c.listDbs()).contains("Open_vSwitch"));
        }
    }

    @Test
    void sslWithPkcs8AndPkcs1Keys() throws Exception {
        for (Path key : new Path[] {ovs.sslPrivateKey(), ovs.sslPrivateKeyPkcs1()}) {
            try (OvsdbClient c = OvsdbClient.connect(OvsdbOptions.builder(ovs.sslRemote()).timeout(Duration.ofSeconds(10))
                    .ssl(key, ovs.sslCertificate(), ovs.sslCaCertificate()).build())) {
                assertTrue(get(c.listDbs()).contains("Open_vSwitch"));
                Transaction t = c.transaction();
                Transaction.Select s = t.select("Open_vSwitch").columns("next_cfg");
                assertEquals(1, get(t.commit()).rows(s).size());
            }
        }
    }

    @Test
    void sslServerNotSignedByOurCaIsRefused() {
        OvsdbConnectionException e = assertThrows(OvsdbConnectionException.class, () -> OvsdbClient.connect(
                OvsdbOptions.builder(ovs.sslRemote()).timeout(Duration.ofMillis(1500))
                        .ssl(ovs.sslPrivateKey(), ovs.sslCertificate(), ovs.sslCertificate()).build()));
        assertTrue(e.getMessage().contains("within 1500 ms") && e.getMessage().contains("SSLHandshakeException"), e.getMessage());
    }

    @Test
    void sslConfigurationErrorsNameTheFile() {
        Path missing = ovs.dir().resolve("missing.pem");
        OvsdbException e = assertThrows(OvsdbException.class, () -> OvsdbClient.connect(OvsdbOptions.builder(ovs.sslRemote())
                .ssl(missing, ovs.sslCertificate(), ovs.sslCaCertificate()).build()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        e = assertThrows(OvsdbException.class, () -> OvsdbClient.connect(OvsdbOptions.builder(ovs.sslRemote())
                .ssl(ovs.sslCertificate(), ovs.sslCertificate(), ovs.sslCaCertificate()).build()));
        assertTrue(e.getMessage().contains(ovs.sslCertificate() + ": no PEM private key found"), e.getMessage());
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                () -> OvsdbOptions.builder(ovs.sslRemote()).build());
        assertTrue(iae.getMessage().contains("ssl remotes need a private key"), iae.getMessage());
    }
}
