package org.jvif.portprofile.ieee8021qbg;

import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** Port profile for VEPA 802.1Qbg networks. */
public class VIFPortProfile8021Qbg extends VIFPortProfileBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfile8021Qbg", "1.1", VIFPortProfile8021Qbg::new);

    /** VSI Manager ID: the database holding VSI type and instance definitions. */
    public static final Field<Long> MANAGER_ID = DECLARE.field("manager_id", FieldTypes.INTEGER);
    /** VSI Type ID: the type characterising the network access. */
    public static final Field<Long> TYPE_ID = DECLARE.field("type_id", FieldTypes.INTEGER);
    /** VSI Type Version. */
    public static final Field<Long> TYPE_ID_VERSION = DECLARE.field("type_id_version", FieldTypes.INTEGER);
    /** VSI Instance ID, globally unique. */
    public static final Field<String> INSTANCE_ID = DECLARE.field("instance_id", FieldTypes.UUID);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFPortProfile8021Qbg() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfile8021Qbg(ObjectSchema schema) {
        super(schema);
    }

    public Long getManagerId() {
        return get(MANAGER_ID);
    }

    public void setManagerId(Long value) {
        set(MANAGER_ID, value);
    }

    public Long getTypeId() {
        return get(TYPE_ID);
    }

    public void setTypeId(Long value) {
        set(TYPE_ID, value);
    }

    public Long getTypeIdVersion() {
        return get(TYPE_ID_VERSION);
    }

    public void setTypeIdVersion(Long value) {
        set(TYPE_ID_VERSION, value);
    }

    public String getInstanceId() {
        return get(INSTANCE_ID);
    }

    public void setInstanceId(String value) {
        set(INSTANCE_ID, value);
    }
}
