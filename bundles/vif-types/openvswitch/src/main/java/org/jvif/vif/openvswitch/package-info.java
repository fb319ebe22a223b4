/** An Open vSwitch VIF: bound directly or indirectly to an Open vSwitch bridge. */
@Export
@Version("1.0.0")
package org.jvif.vif.openvswitch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
