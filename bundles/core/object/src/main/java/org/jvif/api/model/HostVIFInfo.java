package org.jvif.api.model;

import java.util.List;
import java.util.Map;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.Version;
import org.jvif.api.object.VersionedObject;

/** A VIF class, the versions a plugin understands, and its port profiles. */
public class HostVIFInfo extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("HostVIFInfo", "1.1", HostVIFInfo::new);

    public static final Field<String> VIF_OBJECT_NAME = DECLARE.field("vif_object_name", FieldTypes.STRING);
    public static final Field<String> MIN_VERSION = DECLARE.field("min_version", FieldTypes.STRING);
    public static final Field<String> MAX_VERSION = DECLARE.field("max_version", FieldTypes.STRING);
    /** Added in 1.1. */
    public static final Field<List<HostPortProfileInfo>> SUPPORTED_PORT_PROFILES = DECLARE.field("supported_port_profiles", FieldTypes.<HostPortProfileInfo>listOfObjects("HostPortProfileInfo"));

    public static final ObjectSchema SCHEMA = DECLARE
            .compat(HostVIFInfo::makeCompatible)
            .build();

    public HostVIFInfo() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected HostVIFInfo(ObjectSchema schema) {
        super(schema);
    }

    public String getVifObjectName() {
        return get(VIF_OBJECT_NAME);
    }

    public void setVifObjectName(String value) {
        set(VIF_OBJECT_NAME, value);
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

    public List<HostPortProfileInfo> getSupportedPortProfiles() {
        return get(SUPPORTED_PORT_PROFILES);
    }

    public void setSupportedPortProfiles(List<HostPortProfileInfo> value) {
        set(SUPPORTED_PORT_PROFILES, value);
    }

    private static Version makeCompatible(Map<String, Object> data, Version target) {
        if (target.isOlderThan("1.1")) {
            data.remove("supported_port_profiles");
        }
        return Version.of("1.0");
    }

    /** A VIF class a plugin supports, from {@code min} to {@code max} version, with its port profiles. */
    public static HostVIFInfo of(String vifObjectName, String min, String max, HostPortProfileInfo... profiles) {
        HostVIFInfo info = new HostVIFInfo();
        info.setVifObjectName(vifObjectName);
        info.setMinVersion(min);
        info.setMaxVersion(max);
        info.setSupportedPortProfiles(List.of(profiles));
        return info;
    }
}
