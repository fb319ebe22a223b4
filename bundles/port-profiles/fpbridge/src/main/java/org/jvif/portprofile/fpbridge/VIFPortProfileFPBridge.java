package org.jvif.portprofile.fpbridge;

import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** Port profile for Linux bridge networks using fast path. */
public class VIFPortProfileFPBridge extends VIFPortProfileBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfileFPBridge", "1.1", VIFPortProfileFPBridge::new);

    /** Name of the bridge (managed by fast path) to connect to. */
    public static final Field<String> BRIDGE_NAME = DECLARE.field("bridge_name", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfileFPBridge() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileFPBridge(ObjectSchema schema) {
        super(schema);
    }

    public String getBridgeName() {
        return get(BRIDGE_NAME);
    }

    public void setBridgeName(String value) {
        set(BRIDGE_NAME, value);
    }
}
