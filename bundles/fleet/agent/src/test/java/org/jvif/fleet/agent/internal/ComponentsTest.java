package org.jvif.fleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.fleet.VifReport;
import org.jvif.fleet.agent.HostOsVif;
import org.jvif.fleet.db.FleetDb;
import org.jvif.fleet.internal.FleetComponent;
import org.jvif.host.ovsdb.testing.OvsdbCluster;
import org.jvif.host.ovsdb.testing.TestPki;

/** The controller's and the agent's components as SCR would make them, from their configurations. */
class ComponentsTest {
    static Path schema;
    static OvsdbCluster db;

    @BeforeAll
    static void start() throws Exception {
        schema = FleetDb.writeSchema(Files.createTempFile("jvif-fleet", ".ovsschema"));
        db = OvsdbCluster.builder(schema).remote("db:" + FleetDb.DATABASE + "," + FleetDb.FLEET_GLOBAL + ",connections").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        Files.deleteIfExists(schema);
    }

    /** A configuration as SCR hands it to a constructor: the given keys (Config Admin's names), else the defaults. */
    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type, Map<String, Object> properties) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            String key = m.getName().replace("__", "_");
            Object v = properties.containsKey(key) ? properties.get(key) : m.getDefaultValue();
            if (v == null) {
                throw new IllegalStateException("no value for " + key);
            }
            return v;
        });
    }

    static Map<String, Object> ssl(TestPki.Identity who) {
        Map<String, Object> p = new HashMap<>();
        p.put("ssl_key_file", who.privateKey().toString());
        p.put("ssl_cert_file", who.certificate().toString());
        p.put("ssl_ca_cert_file", db.pki().caCertificate().toString());
        return p;
    }

    @Test
    void aConfiguredControllerAndAgentPlugThroughTheCluster() throws Exception {
        Map<String, Object> ctl = ssl(db.pki().issue("controller", "controller"));
        ctl.put("connection", db.remotes());
        ctl.put("agent_target", "pssl:0:127.0.0.1");
        ctl.put("timeout", 20);
        FleetComponent fleet = new FleetComponent(config(FleetComponent.Config.class, ctl), ctl);
        AgentComponent agent = null;
        try {
            Map<String, Object> ag = ssl(db.pki().issue("comp-host", "comp-host"));
            ag.put("connection", IntStream.range(0, db.size()).mapToObj(i -> "ssl:127.0.0.1:" + db.listeningPort(i, "0:127.0.0.1"))
                    .collect(Collectors.joining(",")));
            HostOsVif osVif = new HostOsVif();
            agent = new AgentComponent(osVif, null, config(AgentComponent.Config.class, ag), ag);
            assertEquals("comp-host", agent.agent().host(), "the host is the certificate's common name");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (fleet.host("comp-host").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            org.jvif.vif.generic.VIFGeneric vif = new org.jvif.vif.generic.VIFGeneric();
            vif.setId("c0000001-0000-4000-8000-000000000000");
            vif.setPlugin("noop");
            vif.setVifName("tap-c1");
            VifReport r = fleet.plug("comp-host", vif, null)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(VifReport.State.PLUGGED, r.state());
            assertEquals(1, osVif.calls.size());
        } finally {
            if (agent != null) {
                agent.deactivate();
            }
            fleet.deactivate();
        }
    }

    @Test
    void badConfigurationsAreRefusedNamingTheKey() {
        TestPki.Identity h = db.pki().issue("comp-host", "comp-host");
        Map<String, Object> ag = ssl(h);
        ag.put("connection", "ssl:127.0.0.1:6642");
        ag.put("host", "other-host");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentComponent.host(config(AgentComponent.Config.class, ag)));
        assertTrue(e.getMessage().contains("host 'other-host' is not the common name 'comp-host'"), e.getMessage());
        ag.put("connection", "tcp:127.0.0.1:6642");
        e = assertThrows(IllegalArgumentException.class, () -> AgentComponent.options(config(AgentComponent.Config.class, ag)));
        assertTrue(e.getMessage().contains("tcp:127.0.0.1:6642 is not ssl:"), e.getMessage());
        ag.put("ssl_key_file", "");
        e = assertThrows(IllegalArgumentException.class, () -> AgentComponent.options(config(AgentComponent.Config.class, ag)));
        assertEquals(AgentComponent.PID + ": ssl_key_file is required", e.getMessage());

        Map<String, Object> ctl = new HashMap<>(Map.of("connection", "tcp:127.0.0.1:6641", "ssl_key_file", "/k.pem"));
        e = assertThrows(IllegalArgumentException.class, () -> FleetComponent.options(config(FleetComponent.Config.class, ctl)));
        assertTrue(e.getMessage().contains("go together (given: ssl_key_file"), e.getMessage());
        ctl.putAll(ssl(h));
        e = assertThrows(IllegalArgumentException.class, () -> FleetComponent.options(config(FleetComponent.Config.class, ctl)));
        assertTrue(e.getMessage().contains("tcp:127.0.0.1:6641 is not ssl:") && e.getMessage().contains("plaintext"), e.getMessage());

        // a key that is no option is refused naming it, before anything is tried
        Map<String, Object> typo = new HashMap<>(Map.of("connection", "ssl:127.0.0.1:1", "heartbeats", 5, "service.pid", "x"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new AgentComponent(new HostOsVif(), null, config(AgentComponent.Config.class, typo), typo));
        assertTrue(e.getMessage().startsWith(AgentComponent.PID + ": unknown heartbeats 5: not an option of " + AgentComponent.PID),
                e.getMessage());
        typo.put("agent_targets", "pssl:6642");
        e = assertThrows(IllegalArgumentException.class, () -> new FleetComponent(config(FleetComponent.Config.class, typo), typo));
        assertTrue(e.getMessage().contains("unknown agent_targets \"pssl:6642\": not an option of " + FleetComponent.PID)
                && e.getMessage().contains("unknown heartbeats 5"), e.getMessage());
    }
}
