/**
 * The controller side of many hosts (issue 13): the {@link org.jvif.fleet.Fleet} service plugs and unplugs
 * VIFs on any host whose agent watches the fleet database, and tells what each host reported.
 */
@Export
@Version("1.0.0")
package org.jvif.fleet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
