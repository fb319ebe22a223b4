/** A direct VIF: a macvtap device on a host NIC or SR-IOV VF (libvirt type="direct"). */
@Export
@Version("1.0.0")
package org.jvif.vif.direct;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
