package org.jvif.host.ovsdb.internal;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Watches the {@code _Server} database of the server a session is on, as ovsdb-idl does: the row of our
 * database says whether it is clustered, connected to its cluster, the leader, and which Raft log index it
 * has applied. A session is only used while that row says the server will do (connected; the leader when
 * leader-only; not behind the highest index this client has seen, so a replica never goes back in time), and
 * is dropped as soon as it no longer does.
 */
final class ServerWatch {
    /** The monitor id of the {@code _Server} monitor on every session (ours are "m1", "m2", ...). */
    static final String ID = "_Server";

    private final String database;
    private final boolean leaderOnly;
    /** The highest Raft index seen on any member: a member behind it would show an older database. */
    private long minIndex;

    ServerWatch(String database, boolean leaderOnly) {
        this.database = database;
        this.leaderOnly = leaderOnly;
    }

    /** Params of the monitor request on {@code _Server}. */
    void writeParams(JsonGenerator g) throws IOException {
        g.writeStartArray();
        g.writeString("_Server");
        g.writeString(ID);
        g.writeStartObject();
        g.writeObjectFieldStart("Database");
        g.writeArrayFieldStart("columns");
        for (String c : new String[] {"name", "model", "connected", "leader", "index"}) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
    }

    /**
     * The reply to the monitor request (or to an update notification, same shape): null if the server will do,
     * else why not. A database the server does not list is a reason; a server without {@code _Server} (before
     * Open vSwitch 2.9) has no clustered databases, so it will do.
     */
    synchronized String verdict(Object tableUpdates, boolean initial) {
        Map<String, Object> db = null;
        Object t = JsonStream.object(tableUpdates, "_Server update").get("Database");
        if (t != null) {
            for (Object ru : JsonStream.object(t, "Database update").values()) {
                Object nw = JsonStream.object(ru, "row update").get("new");
                if (nw != null && database.equals(JsonStream.object(nw, "Database row").get("name"))) {
                    db = JsonStream.object(nw, "Database row");
                }
            }
        }
        if (db == null) {
            return initial ? "does not serve database " + database : null;
        }
        if (!"clustered".equals(db.get("model"))) {
            return null;
        }
        if (!Boolean.TRUE.equals(db.get("connected"))) {
            return "is not connected to the cluster of " + database;
        }
        if (leaderOnly && !Boolean.TRUE.equals(db.get("leader"))) {
            return "is not the leader of " + database;
        }
        Object index = db.get("index");
        if (index instanceof Number n) {
            long i = n.longValue();
            if (i < minIndex) {
                return "is behind: its " + database + " is at index " + i + ", this client has seen " + minIndex;
            }
            minIndex = i;
        }
        return null;
    }

    /** Whether a failed _Server monitor means the server simply has no _Server (then nothing is checked). */
    static boolean unknownServerDb(Throwable e) {
        String m = String.valueOf(OvsdbClientImpl.unwrap(e).getMessage());
        return m.contains("unknown database");
    }

    @Override
    public String toString() {
        return "_Server watch of " + database + (leaderOnly ? " (leader only)" : "") + " at index " + minIndex;
    }
}
