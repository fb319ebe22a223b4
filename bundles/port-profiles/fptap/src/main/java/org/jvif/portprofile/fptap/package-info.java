/** Port profile for Calico networks using fast path. */
@Export
@Version("1.0.0")
package org.jvif.portprofile.fptap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
