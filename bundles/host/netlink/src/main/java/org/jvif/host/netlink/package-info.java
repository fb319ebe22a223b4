/**
 * Linux host plumbing shared by the Linux backends: rtnetlink links, tap devices, the per-device sysctls
 * os-vif writes, and network namespaces. Everything is validated before it reaches the kernel; kernel
 * errors surface as {@link org.jvif.host.netlink.NetlinkException}, bad input as
 * {@link org.jvif.host.netlink.InvalidValueException}.
 */
@Export
@Version("1.5.0")
package org.jvif.host.netlink;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
