package org.jvif.vif.bridge;

import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** A bridge VIF: bound to a Linux host bridge by the hypervisor (libvirt type="bridge"). */
public class VIFBridge extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFBridge", "1.0", VIFBridge::new);

    /** Name of the virtual device to create. */
    public static final Field<String> VIF_NAME = DECLARE.field("vif_name", FieldTypes.STRING);
    /** Name of the host bridge to connect to. */
    public static final Field<String> BRIDGE_NAME = DECLARE.field("bridge_name", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFBridge() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFBridge(ObjectSchema schema) {
        super(schema);
    }

    public String getVifName() {
        return get(VIF_NAME);
    }

    public void setVifName(String value) {
        set(VIF_NAME, value);
    }

    public String getBridgeName() {
        return get(BRIDGE_NAME);
    }

    public void setBridgeName(String value) {
        set(BRIDGE_NAME, value);
    }
}
