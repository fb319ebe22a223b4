package org.jvif.vif.generic.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.generic.VIFGeneric;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFGeneric} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFGeneric")
public final class VIFGenericType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFGeneric.SCHEMA;
    }
}
