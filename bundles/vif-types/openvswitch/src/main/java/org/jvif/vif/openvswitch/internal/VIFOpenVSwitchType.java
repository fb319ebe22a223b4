package org.jvif.vif.openvswitch.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFOpenVSwitch} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFOpenVSwitch")
public final class VIFOpenVSwitchType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFOpenVSwitch.SCHEMA;
    }
}
