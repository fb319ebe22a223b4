package org.jvif.fleet.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jvif.api.config.Options;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.fleet.Fleet;
import org.jvif.fleet.FleetHost;
import org.jvif.fleet.FleetVif;
import org.jvif.fleet.VifReport;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link Fleet} service of a controller, configured by PID {@value #PID} (no configuration, no service):
 * a client of the fleet database on remotes without an RBAC role, following the cluster's leader. Immediate: it
 * connects, sets up the agents' remote and watches the hosts at start, and is registered once it has.
 */
@Component(service = Fleet.class, configurationPid = FleetComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = FleetComponent.Config.class)
public final class FleetComponent implements Fleet {
    public static final String PID = "org.jvif.fleet";

    @ObjectClassDefinition(id = PID, name = "jvif fleet (controller)",
            description = "Plug VIFs on any host through the clustered fleet database")
    public @interface Config {
        @AttributeDefinition(description = "The fleet database's members, comma-separated, e.g. "
                + "ssl:10.0.0.1:6641,ssl:10.0.0.2:6641,ssl:10.0.0.3:6641 (remotes without an RBAC role)")
        String connection();

        @AttributeDefinition(description = "PEM private key for ssl: remotes", required = false)
        String ssl__key__file() default "";

        @AttributeDefinition(description = "PEM certificate for ssl: remotes", required = false)
        String ssl__cert__file() default "";

        @AttributeDefinition(description = "PEM CA certificate for ssl: remotes", required = false)
        String ssl__ca__cert__file() default "";

        @AttributeDefinition(description = "Seconds a plug or unplug waits for its host's report (and each "
                + "database call)", min = "1")
        int timeout() default 120;

        @AttributeDefinition(description = "Seconds without a heartbeat after which a host's agent counts as gone",
                min = "1")
        int host__timeout() default 30;

        @AttributeDefinition(description = "If set, the passive SSL target given to agents (e.g. pssl:6642), "
                + "with the RBAC role jvif-agent, added to the database at start if missing", required = false)
        String agent__target() default "";
    }

    private final OvsdbClient client;
    private final FleetImpl fleet;
    private final ExecutorService callbacks;

    /** Outside a framework (tests): the ovsdb library's own connector. */
    public FleetComponent(Config config, Map<String, Object> properties) {
        this(OvsdbConnector.standard(), config, properties);
    }

    /** @param properties the configuration as given: a key that is no option (a typo) is refused naming it */
    @Activate
    public FleetComponent(@Reference OvsdbConnector connector, Config config, Map<String, Object> properties) {
        List<String> unknown = new Options(PID, Config.class, properties).problems();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(PID + ": " + String.join("; ", unknown));
        }
        OvsdbOptions options = options(config);
        this.callbacks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jvif fleet");
            t.setDaemon(true);
            return t;
        });
        OvsdbClient c = null;
        try {
            c = connector.connect(options);
            if (!config.agent__target().isEmpty()) {
                await(FleetDb.bootstrap(c, config.agent__target()), options.timeout());
            }
            this.fleet = await(FleetImpl.open(c, options.timeout(), Duration.ofSeconds(config.host__timeout()), callbacks),
                    options.timeout());
            this.client = c;
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            callbacks.shutdownNow();
            throw e;
        }
    }

    /**
     * The client's options from the configuration, refused (naming the key) when incomplete or when it would
     * send certificates' worth of trust over plaintext.
     */
    public static OvsdbOptions options(Config config) {
        String key = config.ssl__key__file();
        String cert = config.ssl__cert__file();
        String ca = config.ssl__ca__cert__file();
        if (config.connection() == null || config.connection().isBlank()) {
            throw new IllegalArgumentException(PID + ": connection is required");
        }
        if (config.timeout() < 1 || config.host__timeout() < 1) {
            throw new IllegalArgumentException(PID + ": timeout " + config.timeout() + " and host_timeout "
                    + config.host__timeout() + " must be at least 1 second");
        }
        // batching: the writes of calls made together go out merged (10,000 plugs in a few dozen transactions)
        OvsdbOptions.Builder b = OvsdbOptions.builder(config.connection()).database(FleetDb.DATABASE).batching(true)
                .timeout(Duration.ofSeconds(config.timeout()));
        boolean anySsl = !key.isEmpty() || !cert.isEmpty() || !ca.isEmpty();
        if (anySsl) {
            if (key.isEmpty() || cert.isEmpty() || ca.isEmpty()) {
                throw new IllegalArgumentException(PID + ": ssl_key_file, ssl_cert_file and ssl_ca_cert_file go together "
                        + "(given: " + (key.isEmpty() ? "" : "ssl_key_file ") + (cert.isEmpty() ? "" : "ssl_cert_file ")
                        + (ca.isEmpty() ? "" : "ssl_ca_cert_file") + ")");
            }
            b.ssl(Path.of(key), Path.of(cert), Path.of(ca));
        }
        OvsdbOptions o = b.build();
        for (Remote r : o.remotes()) {
            if (anySsl && r.kind() != Remote.Kind.SSL) {
                throw new IllegalArgumentException(PID + ": connection " + r + " is not ssl: although SSL files are "
                        + "configured; refusing to talk to the fleet database in plaintext");
            }
        }
        return o;
    }

    private static <T> T await(CompletionStage<T> f, Duration timeout) {
        try {
            return f.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(PID + ": the fleet database did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(PID + ": interrupted");
        }
    }

    @Deactivate
    public void deactivate() {
        fleet.close();
        client.close();
        callbacks.shutdownNow();
    }

    @Override
    public Collection<FleetHost> hosts() {
        return fleet.hosts();
    }

    @Override
    public Optional<FleetHost> host(String name) {
        return fleet.host(name);
    }

    @Override
    public CompletionStage<VifReport> plug(String host, VIFBase vif, InstanceInfo instanceInfo) {
        return fleet.plug(host, vif, instanceInfo);
    }

    @Override
    public CompletionStage<VifReport> unplug(String host, VIFBase vif, InstanceInfo instanceInfo) {
        return fleet.unplug(host, vif, instanceInfo);
    }

    @Override
    public List<FleetVif> vifs(String host) {
        return fleet.vifs(host);
    }

    @Override
    public Optional<FleetVif> vif(String host, String vifId) {
        return fleet.vif(host, vifId);
    }
}
