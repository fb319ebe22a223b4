/** A host-device VIF: the guest gets an SR-IOV VF or a whole PF directly (libvirt type="hostdev"). */
@Export
@Version("1.0.0")
package org.jvif.vif.hostdevice;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
