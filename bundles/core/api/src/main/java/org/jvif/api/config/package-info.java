/** The platform's one reader of Config Admin options, for every bundle that has a PID (backends, fleet). */
@Export
@Version("1.0.0")
package org.jvif.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
