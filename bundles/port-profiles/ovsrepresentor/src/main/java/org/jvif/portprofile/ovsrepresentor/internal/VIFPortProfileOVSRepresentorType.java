package org.jvif.portprofile.ovsrepresentor.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.ovsrepresentor.VIFPortProfileOVSRepresentor;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfileOVSRepresentor} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfileOVSRepresentor")
public final class VIFPortProfileOVSRepresentorType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfileOVSRepresentor.SCHEMA;
    }
}
