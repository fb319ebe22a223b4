/** Port profile for Linux bridge networks using fast path. */
@Export
@Version("1.0.0")
package org.jvif.portprofile.fpbridge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
