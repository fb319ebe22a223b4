/**
 * A lean RFC 7047 (OVSDB management protocol) JSON-RPC client: {@link org.jvif.host.ovsdb.OvsdbClient}
 * with schema-checked {@link org.jvif.host.ovsdb.Transaction}s, {@link org.jvif.host.ovsdb.Monitor} replicas,
 * the ovs-vsctl style wait for ovs-vswitchd, reconnection and optional batching of concurrent transactions.
 */
@Export
@Version("1.4.0")
package org.jvif.host.ovsdb;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
