package org.jvif.portprofile.k8sdpdk;

import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** Port profile for Kuryr-Kubernetes nested DPDK ports. */
public class VIFPortProfileK8sDPDK extends VIFPortProfileBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfileK8sDPDK", "1.1", VIFPortProfileK8sDPDK::new);

    /** Whether this VIF requires L3 setup. */
    public static final Field<Boolean> L3_SETUP = DECLARE.field("l3_setup", FieldTypes.BOOLEAN);
    /** URL of the object in the Kubernetes v1 API. */
    public static final Field<String> SELFLINK = DECLARE.field("selflink", FieldTypes.STRING);
    /** The server's internal version of this object in the Kubernetes v1 API. */
    public static final Field<String> RESOURCEVERSION = DECLARE.field("resourceversion", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfileK8sDPDK() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileK8sDPDK(ObjectSchema schema) {
        super(schema);
    }

    public Boolean getL3Setup() {
        return get(L3_SETUP);
    }

    public void setL3Setup(Boolean value) {
        set(L3_SETUP, value);
    }

    public String getSelflink() {
        return get(SELFLINK);
    }

    public void setSelflink(String value) {
        set(SELFLINK, value);
    }

    public String getResourceversion() {
        return get(RESOURCEVERSION);
    }

    public void setResourceversion(String value) {
        set(RESOURCEVERSION, value);
    }
}
