package org.jvif.portprofile.fptap.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.fptap.VIFPortProfileFPTap;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfileFPTap} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfileFPTap")
public final class VIFPortProfileFPTapType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfileFPTap.SCHEMA;
    }
}
