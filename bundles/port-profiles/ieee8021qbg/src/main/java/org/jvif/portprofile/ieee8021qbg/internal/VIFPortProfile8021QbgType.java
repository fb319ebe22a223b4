package org.jvif.portprofile.ieee8021qbg.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.ieee8021qbg.VIFPortProfile8021Qbg;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfile8021Qbg} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfile8021Qbg")
public final class VIFPortProfile8021QbgType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfile8021Qbg.SCHEMA;
    }
}
