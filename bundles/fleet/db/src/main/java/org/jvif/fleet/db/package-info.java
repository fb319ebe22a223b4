/**
 * The fleet database: jvif's own OVSDB schema ({@code JVIF_Fleet}) through which a controller tells host
 * agents which VIFs to plug and agents report what they did, served by a clustered ovsdb-server; its names
 * and the RBAC role that lets an agent write only its own rows ({@link org.jvif.fleet.db.FleetDb}).
 */
@Export
@Version("1.0.0")
package org.jvif.fleet.db;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
