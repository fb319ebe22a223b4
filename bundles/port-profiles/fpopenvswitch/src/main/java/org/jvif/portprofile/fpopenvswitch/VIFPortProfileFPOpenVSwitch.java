package org.jvif.portprofile.fpopenvswitch;

import java.util.Map;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;

/** Port profile for Open vSwitch networks using fast path. */
public class VIFPortProfileFPOpenVSwitch extends VIFPortProfileOpenVSwitch {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileOpenVSwitch.SCHEMA, "VIFPortProfileFPOpenVSwitch", "1.4", VIFPortProfileFPOpenVSwitch::new);

    /** Name of the bridge (managed by fast path) to connect to. */
    public static final Field<String> BRIDGE_NAME = DECLARE.field("bridge_name", FieldTypes.STRING);
    /** Whether the Open vSwitch network uses hybrid plug. */
    public static final Field<Boolean> HYBRID_PLUG = DECLARE.withDefault("hybrid_plug", FieldTypes.BOOLEAN, Boolean.FALSE);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfileFPOpenVSwitch() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileFPOpenVSwitch(ObjectSchema schema) {
        super(schema);
    }

    public String getBridgeName() {
        return get(BRIDGE_NAME);
    }

    public void setBridgeName(String value) {
        set(BRIDGE_NAME, value);
    }

    public Boolean getHybridPlug() {
        return get(HYBRID_PLUG);
    }

    public void setHybridPlug(Boolean value) {
        set(HYBRID_PLUG, value);
    }
}
