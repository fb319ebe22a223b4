package org.jvif.portprofile.ieee8021qbh.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.ieee8021qbh.VIFPortProfile8021Qbh;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfile8021Qbh} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfile8021Qbh")
public final class VIFPortProfile8021QbhType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfile8021Qbh.SCHEMA;
    }
}
