package org.jvif.vif.nesteddpdk.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.vif.nesteddpdk.VIFNestedDPDK;
import org.osgi.service.component.annotations.Component;

/** Makes {@link VIFNestedDPDK} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=VIFNestedDPDK")
public final class VIFNestedDPDKType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return VIFNestedDPDK.SCHEMA;
    }
}
