package org.jvif.host.ovsdb;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A connection to one database of an OVSDB server (RFC 7047 JSON-RPC over tcp, ssl or a unix socket).
 * Many requests may be in flight at once; each call has a timeout ({@link OvsdbOptions#timeout()}). When
 * the server goes away the client reconnects with exponential backoff, fetches the schema again and
 * re-establishes its monitors; requests made meanwhile wait for the connection within their timeout,
 * requests in flight when it broke fail with {@link OvsdbConnectionException} (they may or may not have
 * been executed). With several remotes (the members of a clustered database) the client is on one member at a
 * time: it tries them in turn, uses one only while its {@code _Server} database says it is connected to the
 * cluster, the leader ({@link OvsdbOptions#leaderOnly()}) and not behind what the client has seen, and moves
 * on as soon as that changes; monitors resume from the last transaction they saw ({@code monitor_cond_since}),
 * so their listeners see every change once. Futures complete on the connection's reader thread: do not block in their dependent stages
 * (use the {@code *Async} variants to block or do heavy work). Components get clients from an
 * {@link OvsdbConnector} service; the static methods here are conveniences over {@link OvsdbConnector#standard()}.
 */
@ProviderType
public interface OvsdbClient extends AutoCloseable {
    /**
     * Connects and fetches the schema, retrying with backoff until {@link OvsdbOptions#timeout()}.
     *
     * @throws OvsdbConnectionException if no connection was made in time, naming the last error
     */
    static OvsdbClient connect(OvsdbOptions options) {
        return OvsdbConnector.standard().connect(options);
    }

    /**
     * Like {@link #connect(OvsdbOptions)}, without blocking. Cancelling the future gives up: the client
     * closes, and its connection attempts and threads end.
     */
    static CompletableFuture<OvsdbClient> connectAsync(OvsdbOptions options) {
        return OvsdbConnector.standard().connectAsync(options);
    }

    OvsdbOptions options();

    /**
     * The remote of the current connection (with several {@link OvsdbOptions#remotes()}, the member this client
     * is on now), or of the last one tried while disconnected.
     */
    Remote remote();

    /** The schema of {@link OvsdbOptions#database()} as fetched on the current (or last) connection. */
    DatabaseSchema schema();

    boolean isConnected();

    /** RFC 7047 {@code list_dbs}. */
    CompletableFuture<List<String>> listDbs();

    /** RFC 7047 {@code get_schema} of any database of the server. */
    CompletableFuture<DatabaseSchema> getSchema(String database);

    /** A new transaction on {@link OvsdbOptions#database()}, merged with concurrent ones if {@link OvsdbOptions#batching()}. */
    Transaction transaction();

    /**
     * Runs {@code commits}, keeping the transactions committed meanwhile (on any thread) back until it returns,
     * then sending them merged, in as few {@code transact}s as {@link OvsdbOptions#batchMaxOperations()} allows:
     * for a caller about to commit many at once (a bulk plug), whose first would otherwise go out alone and
     * the next ones wait for it. Without {@link OvsdbOptions#batching()} it only runs {@code commits}.
     */
    default void holding(Runnable commits) {
        commits.run();
    }

    /**
     * RFC 7047 {@code monitor}: a replica of the given columns of each table (an empty collection means every
     * column). Completes once the initial contents are in.
     */
    CompletableFuture<Monitor> monitor(Map<String, ? extends Collection<String>> columnsByTable);

    /**
     * A conditional monitor ({@code monitor_cond_since}, Open vSwitch 2.12 or later): of each table only the rows
     * matching all its conditions (a table without conditions: every row), so the server sends nothing else;
     * e.g. a host's agent watching the rows of its host.
     *
     * @throws OvsdbSchemaException for a condition that does not fit its column
     */
    CompletableFuture<Monitor> monitor(Map<String, ? extends Collection<String>> columnsByTable,
            Map<String, ? extends Collection<Condition>> where);

    /** RFC 7047 {@code echo}: completes when the server answered. */
    CompletableFuture<Void> echo();

    /** Closes the connection; pending calls fail with {@link OvsdbConnectionException}. */
    @Override
    void close();
}
