package org.jvif.portprofile.fptap;

import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** Port profile for Calico networks using fast path. */
public class VIFPortProfileFPTap extends VIFPortProfileBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfileFPTap", "1.1", VIFPortProfileFPTap::new);

    /** The MAC address of the host vhostuser port. */
    public static final Field<String> MAC_ADDRESS = DECLARE.nullable("mac_address", FieldTypes.MAC_ADDRESS);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfileFPTap() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileFPTap(ObjectSchema schema) {
        super(schema);
    }

    public String getMacAddress() {
        return get(MAC_ADDRESS);
    }

    public void setMacAddress(String value) {
        set(MAC_ADDRESS, value);
    }
}
