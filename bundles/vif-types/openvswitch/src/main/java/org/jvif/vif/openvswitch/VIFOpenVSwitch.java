package org.jvif.vif.openvswitch;

import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** An Open vSwitch VIF: bound directly or indirectly to an Open vSwitch bridge. */
public class VIFOpenVSwitch extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFOpenVSwitch", "1.0", VIFOpenVSwitch::new);

    /** Name of the virtual device to create. */
    public static final Field<String> VIF_NAME = DECLARE.field("vif_name", FieldTypes.STRING);
    /** Name of the Open vSwitch bridge to connect to. */
    public static final Field<String> BRIDGE_NAME = DECLARE.field("bridge_name", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFOpenVSwitch() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFOpenVSwitch(ObjectSchema schema) {
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
