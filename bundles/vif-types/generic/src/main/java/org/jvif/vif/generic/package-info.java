/** A generic VIF: an unbound TUN/TAP device set up by the plugin (libvirt type="ethernet"). */
@Export
@Version("1.0.0")
package org.jvif.vif.generic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
