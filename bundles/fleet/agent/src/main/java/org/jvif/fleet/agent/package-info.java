/**
 * The host agent of many hosts (issue 13): {@link org.jvif.fleet.agent.FleetAgent} registers its host in the
 * fleet database, plugs and unplugs the VIFs desired there for its host through the local os-vif, and reports
 * each outcome.
 */
@Export
@Version("1.0.0")
package org.jvif.fleet.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
