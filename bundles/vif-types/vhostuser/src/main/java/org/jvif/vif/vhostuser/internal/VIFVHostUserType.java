package org.jvif.vif.vhostuser.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFVHostUser} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFVHostUser")
public final class VIFVHostUserType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFVHostUser.SCHEMA;
    }
}
