/** Port profile for Open vSwitch networks using a VF representor (superseded by DatapathOffloadRepresentor; kept for compatibility). */
@Export
@Version("1.0.0")
package org.jvif.portprofile.ovsrepresentor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
