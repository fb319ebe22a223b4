package org.jvif.fleet.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;

/**
 * The fleet database {@code JVIF_Fleet}: its schema (shipped in this bundle as {@value #SCHEMA_RESOURCE}), the
 * names of its tables and columns, and the RBAC role of host agents.
 *
 * <p>The controller writes {@link Vif} rows (the desired state, each with a generation the controller raises
 * on every change); the agent of a host writes its own {@link Host} row and the {@link VifStatus} rows of its
 * host (what it did, with the generation it reached). As OVN's southbound database does for chassis, agents
 * connect over SSL to a remote with the role {@value #AGENT_ROLE}, where ovsdb-server lets a client whose
 * certificate's common name is H insert, update and delete only {@code Host} rows named H and {@code Vif_Status}
 * rows of host H, and change no other table; controllers use remotes without a role.
 */
public final class FleetDb {
    public static final String DATABASE = "JVIF_Fleet";
    /** The schema, beside this class. */
    public static final String SCHEMA_RESOURCE = "jvif-fleet.ovsschema";
    public static final String AGENT_ROLE = "jvif-agent";

    public static final String FLEET_GLOBAL = "Fleet_Global";
    public static final String CONNECTION = "Connection";
    public static final String RBAC_ROLE = "RBAC_Role";
    public static final String RBAC_PERMISSION = "RBAC_Permission";

    private FleetDb() {
    }

    /** A host and its agent; the row is the agent's (named by its certificate's common name). */
    public static final class Host {
        public static final String TABLE = "Host";
        public static final String NAME = "name";
        /** os-vif's HostInfo primitive as JSON text. */
        public static final String HOST_INFO = "host_info";
        public static final String AGENT_VERSION = "agent_version";
        /** Milliseconds since the epoch, written by the agent while it is alive. */
        public static final String LAST_SEEN = "last_seen";
        public static final String EXTERNAL_IDS = "external_ids";
        /** What an agent may update in its own row. */
        public static final List<String> AGENT_WRITES = List.of(HOST_INFO, AGENT_VERSION, LAST_SEEN, EXTERNAL_IDS);

        private Host() {
        }
    }

    /** A VIF as the controller wants it on a host; one row per (host, vif_id). */
    public static final class Vif {
        public static final String TABLE = "Vif";
        public static final String HOST = "host";
        public static final String VIF_ID = "vif_id";
        /** The VIF's os-vif primitive as JSON text. */
        public static final String PRIMITIVE = "primitive";
        /** The InstanceInfo primitive as JSON text. */
        public static final String INSTANCE_INFO = "instance_info";
        /** {@link #PLUGGED} or {@link #UNPLUGGED}. */
        public static final String DESIRED = "desired";
        /** Raised by one on every change of the row, so that the last committed write wins and agents report which one they reached. */
        public static final String GENERATION = "generation";
        public static final String EXTERNAL_IDS = "external_ids";
        public static final String PLUGGED = "plugged";
        public static final String UNPLUGGED = "unplugged";

        private Vif() {
        }
    }

    /** What a host's agent observed for a VIF of its host; one row per (host, vif_id). */
    public static final class VifStatus {
        public static final String TABLE = "Vif_Status";
        public static final String HOST = "host";
        public static final String VIF_ID = "vif_id";
        /** {@link Vif#PLUGGED}, {@link Vif#UNPLUGGED} or {@link #FAILED}. */
        public static final String STATE = "state";
        /** Why the last call failed (optional). */
        public static final String ERROR = "error";
        /** os-vif's exception name of that failure (optional). */
        public static final String ERROR_TYPE = "error_type";
        public static final String DURATION_US = "duration_us";
        /** The {@link Vif#GENERATION} this status is the outcome of. */
        public static final String GENERATION = "generation";
        /** Milliseconds since the epoch. */
        public static final String UPDATED = "updated";
        public static final String FAILED = "failed";
        /** What an agent may update in its host's rows. */
        public static final List<String> AGENT_WRITES = List.of(STATE, ERROR, ERROR_TYPE, DURATION_US, GENERATION, UPDATED);

        private VifStatus() {
        }
    }

    /** The schema's text (an .ovsschema). */
    public static InputStream openSchema() {
        InputStream in = FleetDb.class.getResourceAsStream(SCHEMA_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(SCHEMA_RESOURCE + " missing beside " + FleetDb.class.getName());
        }
        return in;
    }

    /** Writes the schema to a file, e.g. for {@code ovsdb-tool create-cluster}; returns the file. */
    public static Path writeSchema(Path file) {
        try (InputStream in = openSchema()) {
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet schema to " + file, e);
        }
    }

    /**
     * Makes the database ready for agents, as ovn-northd does for the southbound database: the role
     * {@value #AGENT_ROLE} with its permissions, and the remote agents connect to. Rows already there are left
     * alone, so every controller may call it at start.
     *
     * @param client a client on a remote without a role
     * @param agentTarget where agents connect, a passive SSL target such as {@code pssl:6642} or
     *                    {@code pssl:6642:192.0.2.1}: agents are told apart by their certificates only
     * @throws IllegalArgumentException for any other target
     */
    public static CompletableFuture<Void> bootstrap(OvsdbClient client, String agentTarget) {
        if (agentTarget == null || !agentTarget.startsWith("pssl:")) {
            throw new IllegalArgumentException("agent target '" + agentTarget
                    + "': agents are identified by their certificates, so their remote must be pssl:PORT[:IP]");
        }
        Transaction q = client.transaction();
        Transaction.Select role = q.select(RBAC_ROLE).where("name", AGENT_ROLE).columns("_uuid");
        Transaction.Select conn = q.select(CONNECTION).where("target", agentTarget).columns("_uuid");
        Transaction.Select global = q.select(FLEET_GLOBAL).columns("_uuid");
        return q.commit().thenCompose(r -> {
            Transaction t = client.transaction();
            if (r.rows(role).isEmpty()) {
                t.assertAbsent(RBAC_ROLE, "name", AGENT_ROLE);
                Map<String, NamedUuid> perms = new LinkedHashMap<>();
                perms.put(Host.TABLE, permission(t, Host.TABLE, Host.NAME, Host.AGENT_WRITES));
                perms.put(VifStatus.TABLE, permission(t, VifStatus.TABLE, VifStatus.HOST, VifStatus.AGENT_WRITES));
                t.insert(RBAC_ROLE).set("name", AGENT_ROLE).set("permissions", perms);
            }
            if (r.rows(conn).isEmpty()) {
                t.assertAbsent(CONNECTION, "target", agentTarget);
                NamedUuid c = t.insert(CONNECTION).set("target", agentTarget).set("role", AGENT_ROLE).uuid();
                if (r.rows(global).isEmpty()) {
                    t.insert(FLEET_GLOBAL).set("connections", c);
                } else {
                    t.mutate(FLEET_GLOBAL).whereUuid(r.rows(global).get(0).uuid()).insert("connections", c);
                }
            }
            return t.size() == 0 ? CompletableFuture.<TransactionResult>completedFuture(null) : t.commit();
        }).thenApply(x -> null);
    }

    private static NamedUuid permission(Transaction t, String table, String authorization, List<String> update) {
        return t.insert(RBAC_PERMISSION).set("table", table).set("authorization", authorization)
                .set("insert_delete", true).set("update", update).uuid();
    }
}
