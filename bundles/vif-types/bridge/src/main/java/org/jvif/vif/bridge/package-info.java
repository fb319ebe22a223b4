/** A bridge VIF: bound to a Linux host bridge by the hypervisor (libvirt type="bridge"). */
@Export
@Version("1.0.0")
package org.jvif.vif.bridge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
