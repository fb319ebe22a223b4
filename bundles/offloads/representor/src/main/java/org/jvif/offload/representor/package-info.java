/** Datapath offload for VF representors of the switchdev model. */
@Export
@Version("1.0.0")
package org.jvif.offload.representor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
