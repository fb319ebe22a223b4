package org.jvif.host.ovsdb;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/** The outcome of a committed {@link Transaction}, read by the operations that produced it. */
@ProviderType
public interface TransactionResult {
    /** The {@code _uuid} the server gave the inserted row. */
    UUID uuid(Transaction.Insert insert);

    List<Row> rows(Transaction.Select select);

    /** How many rows an update, mutate or delete touched. */
    int count(Transaction.Operation operation);

    /** The {@code next_cfg} ovs-vswitchd has reached, or -1 when the transaction did not wait for it. */
    long nextCfg();
}
