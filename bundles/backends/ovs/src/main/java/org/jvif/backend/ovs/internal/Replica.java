package org.jvif.backend.ovs.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jvif.api.OwnerMark;
import org.jvif.host.ovsdb.Monitor;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.RowListener;

/**
 * What the backend knows of OVSDB without asking: a monitor of the few columns a plan needs, indexed by
 * name. Plans are built from it and guarded by {@code wait} operations, so a stale view costs a retry,
 * never a wrong result. {@code Bridge.ports} is deliberately not monitored: each port change would resend
 * the whole set.
 */
final class Replica implements RowListener {
    static final Map<String, List<String>> COLUMNS = Map.of(
            "Open_vSwitch", List.of("cur_cfg"),
            "Bridge", List.of("name", "datapath_type", "external_ids"),
            "Port", List.of("name", "external_ids"),
            "Interface", List.of("name", "ofport", "error", "external_ids"),
            "QoS", List.of("type", "external_ids"));

    private final Monitor monitor;
    private final Map<String, Row> bridges = new ConcurrentHashMap<>();
    private final Map<String, Row> ports = new ConcurrentHashMap<>();
    private final Map<String, Row> interfaces = new ConcurrentHashMap<>();
    /** QoS rows by external_ids:id (os-vif's uuid5 of the port name). */
    private final Map<String, Map<UUID, Row>> qos = new ConcurrentHashMap<>();
    /** Guarded by this: cur_cfg as of the last whole update, and as told within the one being applied. */
    private long curCfg = -1;
    private long updatedCfg = -1;
    /** Guarded by this. */
    private final TreeMap<Long, List<CompletableFuture<Void>>> cfgWaiters = new TreeMap<>();
    /** Bridge name to those waiting to see it; guarded by this. */
    private final Map<String, List<CompletableFuture<Void>>> bridgeWaiters = new java.util.HashMap<>();

    private Replica(Monitor monitor) {
        this.monitor = monitor;
    }

    /** Indexes the monitor's rows and follows its changes. */
    static Replica of(Monitor monitor) {
        Replica r = new Replica(monitor);
        synchronized (r) {
            // listening first, then reading: a change racing with the reading is applied after it (same lock)
            monitor.addListener(r);
            for (String table : COLUMNS.keySet()) {
                for (Row row : monitor.rows(table)) {
                    r.rowChanged(table, null, row);
                }
            }
            r.updated();
        }
        return r;
    }

    @Override
    public void rowChanged(String table, Row oldRow, Row newRow) {
        List<CompletableFuture<Void>> reached = null;
        synchronized (this) {
            apply(table, oldRow, newRow);
            if (newRow != null && table.equals("Bridge") && !bridgeWaiters.isEmpty()) {
                reached = bridgeWaiters.remove(newRow.getString("name"));
            }
            if (newRow != null && table.equals("Open_vSwitch") && newRow.get("cur_cfg") instanceof Long c) {
                updatedCfg = c;
            }
        }
        if (reached != null) {
            reached.forEach(f -> f.complete(null));
        }
    }

    /** cur_cfg counts once the whole update is in: the rows ovs-vswitchd wrote with it may come after it. */
    @Override
    public void updated() {
        List<CompletableFuture<Void>> reached = null;
        synchronized (this) {
            // not only upwards: a database made afresh starts again from 0
            curCfg = updatedCfg;
            Map<Long, List<CompletableFuture<Void>>> head = cfgWaiters.headMap(curCfg, true);
            if (!head.isEmpty()) {
                reached = new ArrayList<>();
                head.values().forEach(reached::addAll);
                head.clear();
            }
        }
        if (reached != null) {
            reached.forEach(f -> f.complete(null));
        }
    }

    private void apply(String table, Row oldRow, Row newRow) {
        switch (table) {
            case "Bridge" -> index(bridges, oldRow, newRow);
            case "Port" -> index(ports, oldRow, newRow);
            case "Interface" -> index(interfaces, oldRow, newRow);
            case "QoS" -> {
                if (oldRow != null) {
                    Map<UUID, Row> rows = qos.get(qosId(oldRow));
                    if (rows != null) {
                        rows.remove(oldRow.uuid());
                        if (rows.isEmpty()) {
                            qos.remove(qosId(oldRow));
                        }
                    }
                }
                if (newRow != null) {
                    qos.computeIfAbsent(qosId(newRow), k -> new ConcurrentHashMap<>()).put(newRow.uuid(), newRow);
                }
            }
            default -> {
            }
        }
    }

    private static String qosId(Row row) {
        Map<String, String> ids = row.getMap("external_ids");
        return ids.getOrDefault("id", "");
    }

    private static void index(Map<String, Row> byName, Row oldRow, Row newRow) {
        if (oldRow != null) {
            byName.computeIfPresent(oldRow.getString("name"), (k, r) -> r.uuid().equals(oldRow.uuid()) ? null : r);
        }
        if (newRow != null) {
            byName.put(newRow.getString("name"), newRow);
        }
    }

    /** The VIF a row is marked as belonging to ({@link OwnerMark#OVSDB_KEY}), or null when unmarked. */
    static String owner(Row row) {
        Map<String, String> ids = row.getMap("external_ids");
        return ids.get(OwnerMark.OVSDB_KEY);
    }

    Row bridge(String name) {
        return bridges.get(name);
    }

    /**
     * Completes once this replica has the bridge: a transaction's reply may come before the monitor's update
     * of what it made.
     */
    synchronized CompletableFuture<Void> bridgeSeen(String name) {
        if (bridges.containsKey(name)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        bridgeWaiters.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
        return f;
    }

    Row port(String name) {
        return ports.get(name);
    }

    Row iface(String name) {
        return interfaces.get(name);
    }

    /** os-vif's {@code get_qos}: the QoS rows it made for a port, external_ids {id, _type}. */
    List<UUID> qos(String id, String type) {
        Map<UUID, Row> rows = qos.get(id);
        if (rows == null) {
            return List.of();
        }
        List<UUID> out = new ArrayList<>(1);
        for (Row r : rows.values()) {
            Map<String, String> ids = r.getMap("external_ids");
            if (type.equals(ids.get("_type"))) {
                out.add(r.uuid());
            }
        }
        return out;
    }

    /** Every row of these tables the replica holds, as of now. */
    Collection<Row> bridges() {
        return bridges.values();
    }

    Collection<Row> ports() {
        return ports.values();
    }

    /** Every QoS row, whatever its id. */
    List<Row> qosRows() {
        List<Row> out = new ArrayList<>();
        qos.values().forEach(rows -> out.addAll(rows.values()));
        return out;
    }

    Set<String> portNames() {
        return ports.keySet();
    }

    synchronized long curCfg() {
        return curCfg;
    }

    /**
     * Completes once this replica has seen {@code cur_cfg >= nextCfg}: the Interface columns ovs-vswitchd
     * wrote with that configuration arrived in the same update.
     */
    CompletableFuture<Void> cfgReached(long nextCfg) {
        synchronized (this) {
            if (curCfg >= nextCfg) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            cfgWaiters.computeIfAbsent(nextCfg, k -> new ArrayList<>(1)).add(f);
            return f;
        }
    }

    void close() {
        monitor.close();
    }
}
