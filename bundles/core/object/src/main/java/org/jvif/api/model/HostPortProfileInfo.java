package org.jvif.api.model;

import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A port profile class and the versions a plugin understands. */
public class HostPortProfileInfo extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("HostPortProfileInfo", "1.0", HostPortProfileInfo::new);

    public static final Field<String> PROFILE_OBJECT_NAME = DECLARE.field("profile_object_name", FieldTypes.STRING);
    public static final Field<String> MIN_VERSION = DECLARE.field("min_version", FieldTypes.STRING);
    public static final Field<String> MAX_VERSION = DECLARE.field("max_version", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public HostPortProfileInfo() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected HostPortProfileInfo(ObjectSchema schema) {
        super(schema);
    }

    public String getProfileObjectName() {
        return get(PROFILE_OBJECT_NAME);
    }

    public void setProfileObjectName(String value) {
        set(PROFILE_OBJECT_NAME, value);
    }

    public String getMinVersion() {
        return get(MIN_VERSION);
    }

    public void setMinVersion(String value) {
        set(MIN_VERSION, value);
    }

    public String getMaxVersion() {
        return get(MAX_VERSION);
    }

    public void setMaxVersion(String value) {
        set(MAX_VERSION, value);
    }

    /** A port profile class a plugin supports, from {@code min} to {@code max} version. */
    public static HostPortProfileInfo of(String profileObjectName, String min, String max) {
        HostPortProfileInfo info = new HostPortProfileInfo();
        info.setProfileObjectName(profileObjectName);
        info.setMinVersion(min);
        info.setMaxVersion(max);
        return info;
    }
}
