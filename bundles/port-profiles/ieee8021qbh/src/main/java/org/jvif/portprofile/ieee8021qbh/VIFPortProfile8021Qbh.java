package org.jvif.portprofile.ieee8021qbh;

import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** Port profile for VEPA 802.1Qbh networks. */
public class VIFPortProfile8021Qbh extends VIFPortProfileBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfile8021Qbh", "1.1", VIFPortProfile8021Qbh::new);

    /** The name of the port profile to apply to the interface. */
    public static final Field<String> PROFILE_ID = DECLARE.field("profile_id", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfile8021Qbh() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfile8021Qbh(ObjectSchema schema) {
        super(schema);
    }

    public String getProfileId() {
        return get(PROFILE_ID);
    }

    public void setProfileId(String value) {
        set(PROFILE_ID, value);
    }
}
