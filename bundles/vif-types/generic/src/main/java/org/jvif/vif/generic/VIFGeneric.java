package org.jvif.vif.generic;

import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** A generic VIF: an unbound TUN/TAP device set up by the plugin (libvirt type="ethernet"). */
public class VIFGeneric extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFGeneric", "1.0", VIFGeneric::new);

    /** Name of the device to create. */
    public static final Field<String> VIF_NAME = DECLARE.field("vif_name", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFGeneric() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFGeneric(ObjectSchema schema) {
        super(schema);
    }

    public String getVifName() {
        return get(VIF_NAME);
    }

    public void setVifName(String value) {
        set(VIF_NAME, value);
    }
}
