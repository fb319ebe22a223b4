package org.jvif.portprofile.k8sdpdk.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.portprofile.k8sdpdk.VIFPortProfileK8sDPDK;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFPortProfileK8sDPDK} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFPortProfileK8sDPDK")
public final class VIFPortProfileK8sDPDKType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFPortProfileK8sDPDK.SCHEMA;
    }
}
