package org.jvif.offload.representor;

import org.jvif.api.model.DatapathOffloadBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** Datapath offload for VF representors of the switchdev model. */
public class DatapathOffloadRepresentor extends DatapathOffloadBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(DatapathOffloadBase.SCHEMA, "DatapathOffloadRepresentor", "1.0", DatapathOffloadRepresentor::new);

    /** Name to set on the representor (if set). */
    public static final Field<String> REPRESENTOR_NAME = DECLARE.nullable("representor_name", FieldTypes.STRING);
    /** PCI address of the Virtual Function (a plain string in os-vif). */
    public static final Field<String> REPRESENTOR_ADDRESS = DECLARE.nullable("representor_address", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public DatapathOffloadRepresentor() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected DatapathOffloadRepresentor(ObjectSchema schema) {
        super(schema);
    }

    public String getRepresentorName() {
        return get(REPRESENTOR_NAME);
    }

    public void setRepresentorName(String value) {
        set(REPRESENTOR_NAME, value);
    }

    public String getRepresentorAddress() {
        return get(REPRESENTOR_ADDRESS);
    }

    public void setRepresentorAddress(String value) {
        set(REPRESENTOR_ADDRESS, value);
    }
}
