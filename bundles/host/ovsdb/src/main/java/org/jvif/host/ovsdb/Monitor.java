package org.jvif.host.ovsdb;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A local replica of some tables and columns, kept current from RFC 7047 {@code update} notifications and
 * re-established after a reconnection. Reads are thread-safe and never block; each row is consistent, but
 * a read spanning several rows may mix states of successive updates. Updates caused by a transaction are
 * applied before that transaction's result is delivered (ovsdb-server sends them first).
 */
@ProviderType
public interface Monitor extends AutoCloseable {
    /** The current rows of a monitored table. */
    Collection<Row> rows(String table);

    Optional<Row> row(String table, UUID uuid);

    /** The first row whose column equals the value (integers may be given as any integral Number). */
    Optional<Row> find(String table, String column, Object value);

    void addListener(RowListener listener);

    void removeListener(RowListener listener);

    /** Cancels the monitor on the server ({@code monitor_cancel}); the replica stops changing. */
    @Override
    void close();
}
