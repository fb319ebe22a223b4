/**
 * What every Linux backend (linux_bridge, tap, macvtap) shares: reading its Config Admin options with
 * errors that name the key ({@link org.jvif.host.linux.BackendOptions}), the network namespace it plugs
 * into ({@link org.jvif.host.linux.PlugNamespace}), checks of VIF values that name the VIF field
 * ({@link org.jvif.host.linux.VifChecks}) and undoing a plug that failed half-way
 * ({@link org.jvif.host.linux.Undo}).
 */
@Export
@Version("2.1.0")
package org.jvif.host.linux;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
