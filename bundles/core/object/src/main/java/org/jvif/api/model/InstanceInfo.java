package org.jvif.api.model;

import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** What a plug needs to know of the instance. */
public class InstanceInfo extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("InstanceInfo", "1.0", InstanceInfo::new);

    /** UUID of the instance. */
    public static final Field<String> UUID = DECLARE.field("uuid", FieldTypes.UUID);
    /** The instance name. */
    public static final Field<String> NAME = DECLARE.field("name", FieldTypes.STRING);
    /** The project (tenant) that owns the instance. */
    public static final Field<String> PROJECT_ID = DECLARE.field("project_id", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public InstanceInfo() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected InstanceInfo(ObjectSchema schema) {
        super(schema);
    }

    public String getUuid() {
        return get(UUID);
    }

    public void setUuid(String value) {
        set(UUID, value);
    }

    public String getName() {
        return get(NAME);
    }

    public void setName(String value) {
        set(NAME, value);
    }

    public String getProjectId() {
        return get(PROJECT_ID);
    }

    public void setProjectId(String value) {
        set(PROJECT_ID, value);
    }
}
