package org.jvif.host.ovsdb.internal;

import org.jvif.host.ovsdb.NamedUuid;

/** The uuid-name of an insert; its owner keeps it from leaking into another transaction. */
record NamedUuidImpl(TransactionImpl owner, String name, String table) implements NamedUuid {
    @Override
    public String toString() {
        return "named-uuid " + name;
    }
}
