/** Port profile for VEPA 802.1Qbg networks. */
@Export
@Version("1.0.0")
package org.jvif.portprofile.ieee8021qbg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
