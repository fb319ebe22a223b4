package org.jvif.portprofile.openvswitch.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfileOpenVSwitch} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfileOpenVSwitch")
public final class VIFPortProfileOpenVSwitchType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfileOpenVSwitch.SCHEMA;
    }
}
