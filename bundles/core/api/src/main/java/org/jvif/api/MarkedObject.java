package org.jvif.api;

import java.util.Objects;

/**
 * A host object that carries jvif's ownership mark ({@link OwnerMark}): the id of the VIF that made it.
 *
 * @param object the object
 * @param vifId the VIF id its mark names
 */
public record MarkedObject(HostObject object, String vifId) {
    public MarkedObject {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(vifId, "vifId");
    }

    @Override
    public String toString() {
        return object + " of VIF " + vifId;
    }
}
