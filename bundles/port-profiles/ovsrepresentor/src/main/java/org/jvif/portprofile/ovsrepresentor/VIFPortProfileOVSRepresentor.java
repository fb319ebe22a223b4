package org.jvif.portprofile.ovsrepresentor;

import java.util.Map;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;

/** Port profile for Open vSwitch networks using a VF representor (superseded by DatapathOffloadRepresentor; kept for compatibility). */
public class VIFPortProfileOVSRepresentor extends VIFPortProfileOpenVSwitch {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileOpenVSwitch.SCHEMA, "VIFPortProfileOVSRepresentor", "1.4", VIFPortProfileOVSRepresentor::new);

    /** Name to set on the representor (if set). */
    public static final Field<String> REPRESENTOR_NAME = DECLARE.nullable("representor_name", FieldTypes.STRING);
    /** PCI address of the Virtual Function. */
    public static final Field<String> REPRESENTOR_ADDRESS = DECLARE.nullable("representor_address", FieldTypes.PCI_ADDRESS);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfileOVSRepresentor() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileOVSRepresentor(ObjectSchema schema) {
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
