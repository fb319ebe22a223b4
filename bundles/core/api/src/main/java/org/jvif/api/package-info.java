/** The os-vif API: the service that plugs VIFs and the plugin contract backends implement. */
@Export
@Version("2.0.0")
package org.jvif.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
