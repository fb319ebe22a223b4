package org.jvif.backend.ovs.internal;

import java.util.concurrent.CompletableFuture;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnector;
import org.jvif.host.ovsdb.OvsdbConnectionException;
import org.jvif.host.ovsdb.OvsdbOptions;

/**
 * One OVSDB connection and its {@link Replica}, made on first use (os-vif's {@code ovsdb_lib.BaseOVS}
 * connection to {@code ovsdb_connection}, ovsdbapp's IDL). The client reconnects and re-monitors by
 * itself once connected; only a first connection that never came up within the timeout is tried again, by
 * the next caller.
 */
final class Connection implements AutoCloseable {
    /** A connected client and the replica kept over it. */
    record Session(OvsdbClient client, Replica replica) {
    }

    private final OvsdbConnector connector;
    private final OvsdbOptions options;
    /** Guarded by this: the client being connected, cancelled by close() (which ends its retries). */
    private CompletableFuture<OvsdbClient> connecting;
    /** Guarded by this. */
    private CompletableFuture<Session> session;
    /** Guarded by this. */
    private boolean closed;

    Connection(OvsdbConnector connector, OvsdbOptions options) {
        this.connector = connector;
        this.options = options;
    }

    OvsdbOptions options() {
        return options;
    }

    /** The session, connecting (again) if there is none yet or the last attempt failed. */
    synchronized CompletableFuture<Session> session() {
        if (closed) {
            return CompletableFuture.failedFuture(new OvsdbConnectionException("the ovs backend's connection to "
                    + options.remote() + " is closed"));
        }
        if (session == null || session.isCompletedExceptionally()) {
            connecting = connector.connectAsync(options);
            session = connecting.thenCompose(client -> client.monitor(Replica.COLUMNS)
                    .thenApply(monitor -> new Session(client, Replica.of(monitor)))
                    .whenComplete((s, e) -> {
                        if (e != null || isClosed()) {
                            client.close();
                        }
                    }));
        }
        return session;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Starts connecting now, so the first plug does not pay for it. */
    void warmUp() {
        session();
    }

    @Override
    public void close() {
        CompletableFuture<OvsdbClient> c;
        CompletableFuture<Session> s;
        synchronized (this) {
            closed = true;
            c = connecting;
            s = session;
        }
        if (c != null) {
            c.cancel(false);
        }
        if (s != null) {
            s.thenAccept(x -> x.client().close());
        }
    }
}
