package org.jvif.host.ovsdb;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The RFC 7047 {@code named-uuid} of a row inserted earlier in the same transaction
 * ({@link Transaction.Insert#uuid()}): usable as a value of uuid columns (e.g. {@code Port.interfaces})
 * of that transaction only.
 */
@ProviderType
public interface NamedUuid {
    /** The {@code uuid-name}. */
    String name();

    /** The table the row is inserted into. */
    String table();
}
