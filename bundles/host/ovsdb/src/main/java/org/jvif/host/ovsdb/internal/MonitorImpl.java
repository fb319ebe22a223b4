package org.jvif.host.ovsdb.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonGenerator;

import org.jvif.host.ovsdb.DatabaseSchema;
import org.jvif.host.ovsdb.Monitor;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.RowListener;
import org.jvif.host.ovsdb.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica of some columns of some tables: replaced by the reply to each (re-){@code monitor} request and
 * changed by {@code update} notifications, both on the reader thread; read from any thread.
 */
final class MonitorImpl implements Monitor {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorImpl.class);

    private final OvsdbClientImpl client;
    final String id;
    /** Table → monitored columns, in order. */
    final Map<String, List<String>> columns;
    private final Map<String, ConcurrentHashMap<UUID, Row>> tables = new HashMap<>();
    private final List<RowListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** The last transaction this replica reflects (monitor_cond_since), where a new monitor resumes from. */
    private volatile String lastTxnId = ZERO_TXN;
    static final String ZERO_TXN = "00000000-0000-0000-0000-000000000000";

    /** Told cur_cfg after each update, or null (see {@link #tellAfterUpdates}). */
    private volatile CfgTracker cfg;

    /** Table → conditions (monitor_cond_since only); tables not named have none. */
    final Map<String, List<TransactionImpl.Cond>> where;

    MonitorImpl(OvsdbClientImpl client, String id, Map<String, List<String>> columns, Map<String, List<TransactionImpl.Cond>> where) {
        this.client = client;
        this.id = id;
        this.columns = columns;
        this.where = where;
        for (String t : columns.keySet()) {
            tables.put(t, new ConcurrentHashMap<>());
        }
    }

    /**
     * Params of the monitor request: [db, id, {table: {"columns": [...]}}]; of monitor_cond_since:
     * [db, id, {table: [{"columns": [...]}]}, last-txn-id].
     */
    void writeParams(JsonGenerator g, String db, boolean condSince) throws IOException {
        g.writeStartArray();
        g.writeString(db);
        g.writeString(id);
        g.writeStartObject();
        for (Map.Entry<String, List<String>> t : columns.entrySet()) {
            g.writeFieldName(t.getKey());
            if (condSince) {
                g.writeStartArray();
            }
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (String c : t.getValue()) {
                g.writeString(c);
            }
            g.writeEndArray();
            List<TransactionImpl.Cond> conds = where.get(t.getKey());
            if (conds != null && !conds.isEmpty()) {
                g.writeArrayFieldStart("where");
                for (TransactionImpl.Cond c : conds) {
                    c.write(g, "");
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            if (condSince) {
                g.writeEndArray();
            }
        }
        g.writeEndObject();
        if (condSince) {
            g.writeString(lastTxnId);
        }
        g.writeEndArray();
    }

    /**
     * The reply to monitor_cond_since: [found, last-txn-id, table-updates2]. Found: the changes since the
     * transaction we had seen; else the whole contents.
     */
    synchronized void applyReply3(Object json) {
        List<Object> r = JsonStream.array(json, "monitor_cond_since reply");
        if (Boolean.TRUE.equals(r.get(0))) {
            applyUpdate2(r.get(2));
        } else {
            applyInitial(r.get(2), "initial");
        }
        lastTxnId = String.valueOf(r.get(1));
        told();
    }

    /** An update3 notification: [id, last-txn-id, table-updates2]. */
    synchronized void applyUpdate3(Object txnId, Object json) {
        if (closed) {
            return;
        }
        applyUpdate2(json);
        lastTxnId = String.valueOf(txnId);
        told();
    }

    /**
     * Tells {@code tracker} the monitored cur_cfg after each update, once all of its rows are applied and the
     * listeners told of them (so waiters woken by it find a replica kept by a listener up to date).
     */
    void tellAfterUpdates(CfgTracker tracker) {
        cfg = tracker;
    }

    private void told() {
        for (RowListener l : listeners) {
            try {
                l.updated();
            } catch (RuntimeException e) {
                LOG.warn("monitor listener " + l + " failed", e);
            }
        }
        CfgTracker c = cfg;
        ConcurrentHashMap<UUID, Row> rows = tables.get(TransactionImpl.OVS_TABLE);
        if (c != null && rows != null && !closed) {
            rows.values().forEach(r -> c.rowChanged(TransactionImpl.OVS_TABLE, null, r));
            c.fedBy(this);
        }
    }

    /**
     * The whole contents (reply to monitor, {@code key} "new"; to monitor_cond_since, "initial"). Tells
     * listeners what differs from before, so a replica filled again after a reconnection repeats nothing.
     */
    synchronized void applyInitial(Object json, String key) {
        DatabaseSchema schema = client.schema();
        Map<String, Object> updates = JsonStream.object(json, "monitor reply");
        for (Map.Entry<String, ConcurrentHashMap<UUID, Row>> t : tables.entrySet()) {
            TableSchema ts = schema.table(t.getKey());
            List<String> cols = columns.get(t.getKey());
            ConcurrentHashMap<UUID, Row> rows = t.getValue();
            Map<String, Object> fresh = updates.get(t.getKey()) == null ? Map.of() : JsonStream.object(updates.get(t.getKey()), "table update");
            for (Iterator<Map.Entry<UUID, Row>> it = rows.entrySet().iterator(); it.hasNext();) {
                Map.Entry<UUID, Row> e = it.next();
                if (!fresh.containsKey(e.getKey().toString())) {
                    it.remove();
                    fire(t.getKey(), e.getValue(), null);
                }
            }
            for (Map.Entry<String, Object> r : fresh.entrySet()) {
                UUID uuid = UUID.fromString(r.getKey());
                Object nw = JsonStream.object(r.getValue(), "row update").get(key);
                Row row = Rows.decode(ts, uuid, JsonStream.object(nw, "new row"), null, cols);
                Row old = rows.put(uuid, row);
                if (!row.equals(old)) {
                    fire(t.getKey(), old, row);
                }
            }
        }
        told();
    }

    /** An update notification: rows inserted ("new"), deleted ("old"), or modified (both). */
    synchronized void applyUpdate(Object json) {
        if (closed) {
            return;
        }
        DatabaseSchema schema = client.schema();
        for (Map.Entry<String, Object> t : JsonStream.object(json, "table updates").entrySet()) {
            ConcurrentHashMap<UUID, Row> rows = tables.get(t.getKey());
            if (rows == null) {
                continue;
            }
            TableSchema ts = schema.table(t.getKey());
            List<String> cols = columns.get(t.getKey());
            for (Map.Entry<String, Object> r : JsonStream.object(t.getValue(), "table update").entrySet()) {
                UUID uuid = UUID.fromString(r.getKey());
                Object nw = JsonStream.object(r.getValue(), "row update").get("new");
                if (nw == null) {
                    Row old = rows.remove(uuid);
                    if (old != null) {
                        fire(t.getKey(), old, null);
                    }
                } else {
                    Row old = rows.get(uuid);
                    Row row = Rows.decode(ts, uuid, JsonStream.object(nw, "new row"), old, cols);
                    rows.put(uuid, row);
                    fire(t.getKey(), old, row);
                }
            }
        }
        told();
    }

    /** table-updates2: rows "insert"ed (or "initial"), "delete"d, or "modify"d by a diff. */
    private void applyUpdate2(Object json) {
        DatabaseSchema schema = client.schema();
        for (Map.Entry<String, Object> t : JsonStream.object(json, "table updates2").entrySet()) {
            ConcurrentHashMap<UUID, Row> rows = tables.get(t.getKey());
            if (rows == null) {
                continue;
            }
            TableSchema ts = schema.table(t.getKey());
            List<String> cols = columns.get(t.getKey());
            for (Map.Entry<String, Object> r : JsonStream.object(t.getValue(), "table update2").entrySet()) {
                UUID uuid = UUID.fromString(r.getKey());
                Map<String, Object> ru = JsonStream.object(r.getValue(), "row update2");
                Row old = rows.get(uuid);
                Row row;
                if (ru.containsKey("delete")) {
                    row = null;
                } else if (ru.get("modify") != null) {
                    if (old == null) {
                        LOG.warn(this + ": modify of unknown row " + uuid + " in " + t.getKey());
                        continue;
                    }
                    row = Rows.modify(ts, old, JsonStream.object(ru.get("modify"), "modify"));
                } else {
                    Object nw = ru.get("insert") != null ? ru.get("insert") : ru.get("initial");
                    row = Rows.decode(ts, uuid, JsonStream.object(nw, "inserted row"), null, cols);
                }
                if (row == null) {
                    if (rows.remove(uuid) != null) {
                        fire(t.getKey(), old, null);
                    }
                } else {
                    rows.put(uuid, row);
                    fire(t.getKey(), old, row);
                }
            }
        }
    }

    private void fire(String table, Row old, Row row) {
        for (RowListener l : listeners) {
            try {
                l.rowChanged(table, old, row);
            } catch (RuntimeException e) {
                LOG.warn("monitor listener " + l + " failed", e);
            }
        }
    }

    private ConcurrentHashMap<UUID, Row> table(String table) {
        ConcurrentHashMap<UUID, Row> rows = tables.get(table);
        if (rows == null) {
            throw new IllegalArgumentException("table '" + table + "' is not monitored (monitored: " + columns.keySet() + ")");
        }
        return rows;
    }

    @Override
    public Collection<Row> rows(String table) {
        return Collections.unmodifiableCollection(table(table).values());
    }

    @Override
    public Optional<Row> row(String table, UUID uuid) {
        return Optional.ofNullable(table(table).get(uuid));
    }

    @Override
    public Optional<Row> find(String table, String column, Object value) {
        ConcurrentHashMap<UUID, Row> rows = table(table);
        if (!columns.get(table).contains(column) && !column.equals("_uuid")) {
            throw new IllegalArgumentException("column " + table + "." + column + " is not monitored");
        }
        Object want = Values.comparable(value);
        for (Row r : rows.values()) {
            Object v = column.equals("_uuid") ? r.uuid() : r.columns().get(column);
            if (Objects.equals(v, want) || (v instanceof Set<?> s && !(want instanceof Set) && s.size() == 1 && s.contains(want))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public void addListener(RowListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(RowListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CfgTracker c = cfg;
            if (c != null) {
                c.closed(this);
            }
            client.cancelMonitor(this);
        }
    }

    @Override
    public String toString() {
        List<String> t = new ArrayList<>(columns.keySet());
        return "monitor " + id + " " + t;
    }
}
