package org.jvif.offload.representor.internal;

import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.offload.representor.DatapathOffloadRepresentor;
import org.osgi.service.component.annotations.Component;

/** Makes {@link DatapathOffloadRepresentor} known to the registry while this bundle is active. */
@Component(property = VersionedObjectType.OBJECT_NAME + "=DatapathOffloadRepresentor")
public final class DatapathOffloadRepresentorType implements VersionedObjectType {
    @Override
    public ObjectSchema schema() {
        return DatapathOffloadRepresentor.SCHEMA;
    }
}
