package org.jvif.portprofile.fpbridge.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.fpbridge.VIFPortProfileFPBridge;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfileFPBridge} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfileFPBridge")
public final class VIFPortProfileFPBridgeType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfileFPBridge.SCHEMA;
    }
}
