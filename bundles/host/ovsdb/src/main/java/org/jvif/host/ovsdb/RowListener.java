package org.jvif.host.ovsdb;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every change of a {@link Monitor}'s replica, after it is applied. Runs on the connection's
 * reader thread: return quickly and never block there (no {@code join()} on this client's futures).
 */
@ConsumerType
@FunctionalInterface
public interface RowListener {
    /**
     * @param oldRow the row before the change, null when inserted
     * @param newRow the row after the change, null when deleted
     */
    void rowChanged(String table, Row oldRow, Row newRow);

    /**
     * Told once all the changes of an update (of one commit or of several) have been told: they come one by one, in
     * no particular order of tables, so only now does the replica show each of those commits whole.
     */
    default void updated() {
    }
}
