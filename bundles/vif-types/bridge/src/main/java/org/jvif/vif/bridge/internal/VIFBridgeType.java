package org.jvif.vif.bridge.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.bridge.VIFBridge;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFBridge} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFBridge")
public final class VIFBridgeType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFBridge.SCHEMA;
    }
}
