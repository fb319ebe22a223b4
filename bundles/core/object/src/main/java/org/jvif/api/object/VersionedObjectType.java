package org.jvif.api.object;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An object type a bundle provides (a VIF type, port profile, offload...). The bundle registers one as a
 * service; the registry makes the type known for decoding and host info while the service is there.
 */
@ConsumerType
public interface VersionedObjectType {
    /** Service property: the object's wire name, e.g. {@code VIFOpenVSwitch}. */
    String OBJECT_NAME = "vif.object.name";

    ObjectSchema schema();
}
