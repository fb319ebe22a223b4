/**
 * os-vif's versioned-object model with oslo.versionedobjects semantics: typed objects declaring their
 * schema once, set/unset fields, change tracking, primitives byte-compatible with Python os-vif,
 * downgrades through {@code obj_make_compatible} rules and {@code obj_relationships}; the whiteboard
 * contract by which a bundle offers an object type ({@link org.jvif.api.object.VersionedObjectType}).
 */
@Export
@Version("1.1.0")
package org.jvif.api.object;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
