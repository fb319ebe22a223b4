/** A vhost-user VIF: traffic between the guest and a userspace switch over a UNIX socket (libvirt type="vhostuser"). */
@Export
@Version("1.0.0")
package org.jvif.vif.vhostuser;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
