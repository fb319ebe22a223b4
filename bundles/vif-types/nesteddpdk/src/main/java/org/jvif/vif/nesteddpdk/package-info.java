/** A nested DPDK VIF, used by Kuryr-Kubernetes for pods inside a VM. */
@Export
@Version("1.0.0")
package org.jvif.vif.nesteddpdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
