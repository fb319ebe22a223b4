package org.jvif.vif.hostdevice.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFHostDevice} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFHostDevice")
public final class VIFHostDeviceType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFHostDevice.SCHEMA;
    }
}
