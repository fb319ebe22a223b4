package org.jvif.registry.internal;

import org.jvif.api.VifRecord;

/**
 * Publishes each plug and unplug record ({@link EventAdminPublisher} while an EventAdmin is there). Karaf
 * minimal has none, and installing one refreshes Karaf's logging and shell under their users: the registry
 * needs none.
 */
interface RecordPublisher {
    void publish(VifRecord r, long nanos, Throwable error);
}
