/** Port profile for Kuryr-Kubernetes nested DPDK ports. */
@Export
@Version("1.0.0")
package org.jvif.portprofile.k8sdpdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
