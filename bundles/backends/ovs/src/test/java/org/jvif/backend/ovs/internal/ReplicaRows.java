package org.jvif.backend.ovs.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jvif.api.OwnerMark;
import org.jvif.host.ovsdb.Monitor;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.RowListener;

/**
 * An Open vSwitch database filled in by hand, as the backend's {@link Replica} would see it: rows of the
 * monitored columns, each with a _uuid labelled {@code Table(name)} for {@link RecordingTransaction}'s lines.
 */
final class ReplicaRows {
    final Map<UUID, String> labels = new HashMap<>();
    private final Map<String, List<Row>> rows = new LinkedHashMap<>();

    private Row add(String table, String label, Map<String, Object> columns) {
        UUID uuid = UUID.nameUUIDFromBytes((table + " " + label).getBytes(StandardCharsets.UTF_8));
        labels.put(uuid, table + "(" + label + ")");
        Row row = new Row(table, uuid, columns);
        rows.computeIfAbsent(table, k -> new ArrayList<>()).add(row);
        return row;
    }

    /** The external_ids of a row marked as {@code owner}'s (null: unmarked), beside {@code others}. */
    static Map<String, String> ids(String owner, String... others) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (int i = 0; i < others.length; i += 2) {
            ids.put(others[i], others[i + 1]);
        }
        if (owner != null) {
            ids.put(OwnerMark.OVSDB_KEY, owner);
        }
        return ids;
    }

    ReplicaRows bridge(String name, String datapathType, String owner) {
        add("Bridge", name, Map.of("name", name, "datapath_type", datapathType, "external_ids", ids(owner)));
        return this;
    }

    /** A port with its interface of the same name, both marked as {@code owner}'s (null: unmarked). */
    ReplicaRows port(String name, String owner) {
        add("Port", name, Map.of("name", name, "external_ids", ids(owner)));
        add("Interface", name, Map.of("name", name, "ofport", 1L, "error", java.util.Set.of(), "external_ids", ids(owner)));
        return this;
    }

    /** A QoS row as os-vif makes it for {@code port}. */
    Row qos(String port, String type, String owner) {
        return add("QoS", port + " " + type, Map.of("type", type,
                "external_ids", ids(owner, "id", OvsdbPlan.qosId(port), "_type", type)));
    }

    /** A replica holding these rows (through a monitor that never changes). */
    Replica replica() {
        return Replica.of(new Monitor() {
            @Override
            public Collection<Row> rows(String table) {
                return rows.getOrDefault(table, List.of());
            }

            @Override
            public Optional<Row> row(String table, UUID uuid) {
                return rows(table).stream().filter(r -> r.uuid().equals(uuid)).findFirst();
            }

            @Override
            public Optional<Row> find(String table, String column, Object value) {
                return rows(table).stream().filter(r -> value.equals(r.columns().get(column))).findFirst();
            }

            @Override
            public void addListener(RowListener listener) {
            }

            @Override
            public void removeListener(RowListener listener) {
            }

            @Override
            public void close() {
            }
        });
    }

    /** A transaction recording what {@code plan} makes of this replica, with mtu_request in the schema. */
    RecordingTransaction compile(OvsdbPlan plan) {
        return compile(plan, true);
    }

    RecordingTransaction compile(OvsdbPlan plan, boolean mtuRequest) {
        RecordingTransaction t = new RecordingTransaction(mtuRequest, labels);
        OvsdbPlan.Compiled c = plan.compile(t.client(), replica());
        // every wait a plan adds is a guard: a stale replica fails the transaction through it
        org.junit.jupiter.api.Assertions.assertEquals(t.waits(), c.guards(), t.lines().toString());
        compiled = c;
        return t;
    }

    /** The last {@link #compile}'s result. */
    OvsdbPlan.Compiled compiled;
}
