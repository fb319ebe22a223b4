/** Port profile for Open vSwitch networks: what associates a VIF with an Open vSwitch interface. */
@Export
@Version("1.0.0")
package org.jvif.portprofile.openvswitch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
