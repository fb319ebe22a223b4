package org.jvif.fleet.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.jvif.api.OsVif;
import org.jvif.api.VifHostState;
import org.jvif.api.config.Options;
import org.jvif.fleet.agent.FleetAgent;
import org.jvif.fleet.db.FleetDb;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnector;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Remote;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host agent as a component, configured by PID {@value #PID} (no configuration, no agent): connects to the
 * fleet database's agents' remotes with this host's certificate (whose common name is the host's name, as
 * RBAC sees it) and runs a {@link FleetAgent} over the platform's {@link OsVif}, resyncing in bulk through its
 * {@link VifHostState} (the durable record and reconcile) when the platform has one.
 */
@Component(service = {}, configurationPid = AgentComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AgentComponent.Config.class)
public final class AgentComponent {
    public static final String PID = "org.jvif.fleet.agent";

    @ObjectClassDefinition(id = PID, name = "jvif fleet agent",
            description = "Plugs on this host what the fleet database wants here, and reports each outcome")
    public @interface Config {
        @AttributeDefinition(description = "The fleet database's agents' remotes, comma-separated, e.g. "
                + "ssl:10.0.0.1:6642,ssl:10.0.0.2:6642,ssl:10.0.0.3:6642")
        String connection();

        @AttributeDefinition(description = "This host's name in the fleet; empty: the certificate's common name, "
                + "which it must equal (RBAC lets the agent write only rows of that name)", required = false)
        String host() default "";

        @AttributeDefinition(description = "PEM private key of this host")
        String ssl__key__file();

        @AttributeDefinition(description = "PEM certificate of this host, its common name the host's name")
        String ssl__cert__file();

        @AttributeDefinition(description = "PEM CA certificate the fleet database's certificates chain to")
        String ssl__ca__cert__file();

        @AttributeDefinition(description = "Seconds between the agent's heartbeats (Host.last_seen)", min = "1")
        int heartbeat() default 10;

        @AttributeDefinition(description = "Seconds each database call may take", min = "1")
        int timeout() default 120;
    }

    private final OvsdbClient client;
    private final FleetAgent agent;
    private final ExecutorService executor;

    /** Outside a framework (tests): the ovsdb library's own connector. */
    public AgentComponent(OsVif osVif, VifHostState hostState, Config config, Map<String, Object> properties) {
        this(OvsdbConnector.standard(), osVif, hostState, config, properties);
    }

    @Activate
    public AgentComponent(@Reference OvsdbConnector connector, @Reference OsVif osVif,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) VifHostState hostState, Config config,
            Map<String, Object> properties) {
        // a key that is no option (a typo) is refused naming it, by the platform's one reader of options
        List<String> unknown = new Options(PID, Config.class, properties).problems();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(PID + ": " + String.join("; ", unknown));
        }
        OvsdbOptions options = options(config);
        String host = host(config);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "jvif fleet agent " + host);
            t.setDaemon(true);
            return t;
        });
        OvsdbClient c = null;
        try {
            c = connector.connect(options);
            this.agent = FleetAgent.start(c, host, osVif, hostState, version(), executor, Duration.ofSeconds(config.heartbeat()))
                    .get(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
            this.client = c;
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            executor.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw cause instanceof RuntimeException r ? r
                    : new IllegalStateException(PID + ": agent of " + host + " could not start: " + cause, cause);
        }
    }

    /** Agents talk SSL only, with a certificate: anything else is refused naming the key. */
    static OvsdbOptions options(Config config) {
        for (String[] kv : new String[][] {{"connection", config.connection()}, {"ssl_key_file", config.ssl__key__file()},
            {"ssl_cert_file", config.ssl__cert__file()}, {"ssl_ca_cert_file", config.ssl__ca__cert__file()}}) {
            if (kv[1] == null || kv[1].isBlank()) {
                throw new IllegalArgumentException(PID + ": " + kv[0] + " is required");
            }
        }
        if (config.heartbeat() < 1 || config.timeout() < 1) {
            throw new IllegalArgumentException(PID + ": heartbeat " + config.heartbeat() + " and timeout "
                    + config.timeout() + " must be at least 1 second");
        }
        // on the leader, as ovsdb-idl is by default: an agent writes a status per VIF, and writes through a follower
        // (executed there, then forwarded to the leader) cost the cluster far more: 10,000 VIFs over 100 agents
        // took the members 15 s of CPU with the agents on followers, 4.6 s with them on the leader (FleetBench)
        // batching: the reports of VIFs done together (a resync, a burst) go out merged
        OvsdbOptions o = OvsdbOptions.builder(config.connection()).database(FleetDb.DATABASE).leaderOnly(true).batching(true)
                .timeout(Duration.ofSeconds(config.timeout()))
                .ssl(Path.of(config.ssl__key__file()), Path.of(config.ssl__cert__file()), Path.of(config.ssl__ca__cert__file()))
                .build();
        for (Remote r : o.remotes()) {
            if (r.kind() != Remote.Kind.SSL) {
                throw new IllegalArgumentException(PID + ": connection " + r + " is not ssl:; agents are known by "
                        + "their certificates only");
            }
        }
        return o;
    }

    /** The configured host name, or the certificate's common name; they must agree. */
    static String host(Config config) {
        String cn = commonName(Path.of(config.ssl__cert__file()));
        String host = config.host();
        if (!host.isEmpty() && !host.equals(cn)) {
            throw new IllegalArgumentException(PID + ": host '" + host + "' is not the common name '" + cn + "' of "
                    + config.ssl__cert__file() + "; the fleet database would refuse every write of this agent");
        }
        return cn;
    }

    static String commonName(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            throw new IllegalArgumentException(PID + ": " + certificate + " has no common name");
        } catch (IOException | GeneralSecurityException | InvalidNameException e) {
            throw new IllegalArgumentException(PID + ": cannot read the certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    private static String version() {
        Package p = AgentComponent.class.getPackage();
        return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "0.1.0";
    }

    /** The agent, for tests. */
    FleetAgent agent() {
        return agent;
    }

    @Deactivate
    void deactivate() {
        agent.close();
        client.close();
        executor.shutdownNow();
    }
}
