package org.jvif.vif.direct.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.direct.VIFDirect;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFDirect} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFDirect")
public final class VIFDirectType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFDirect.SCHEMA;
    }
}
