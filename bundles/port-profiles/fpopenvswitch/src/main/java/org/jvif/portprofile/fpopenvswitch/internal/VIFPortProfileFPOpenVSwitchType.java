package org.jvif.portprofile.fpopenvswitch.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.fpopenvswitch.VIFPortProfileFPOpenVSwitch;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfileFPOpenVSwitch} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfileFPOpenVSwitch")
public final class VIFPortProfileFPOpenVSwitchType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfileFPOpenVSwitch.SCHEMA;
    }
}
