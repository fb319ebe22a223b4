/**
 * os-vif's object model shared by every bundle: the bases of VIFs, port profiles and datapath offloads,
 * the network family, the instance, and the host-info family used for version negotiation.
 */
@Export
@Version("1.0.0")
package org.jvif.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
