package org.jvif.api.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A plugin and the VIF classes it supports. */
public class HostPluginInfo extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("HostPluginInfo", "1.0", HostPluginInfo::new);

    public static final Field<String> PLUGIN_NAME = DECLARE.field("plugin_name", FieldTypes.STRING);
    public static final Field<List<HostVIFInfo>> VIF_INFO = DECLARE.field("vif_info", FieldTypes.<HostVIFInfo>listOfObjects("HostVIFInfo"));

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public HostPluginInfo() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected HostPluginInfo(ObjectSchema schema) {
        super(schema);
    }

    public String getPluginName() {
        return get(PLUGIN_NAME);
    }

    public void setPluginName(String value) {
        set(PLUGIN_NAME, value);
    }

    public List<HostVIFInfo> getVifInfo() {
        return get(VIF_INFO);
    }

    public void setVifInfo(List<HostVIFInfo> value) {
        set(VIF_INFO, value);
    }

    /** os-vif's {@code get_vif}: the plugin's entry for a VIF class. */
    public Optional<HostVIFInfo> vif(String vifObjectName) {
        return listOf(VIF_INFO).stream().filter(v -> vifObjectName.equals(v.getVifObjectName())).findFirst();
    }

    /** os-vif's {@code filter_vif_types}: keeps only the permitted VIF classes. */
    public void filterVifTypes(Collection<String> permittedVifTypeNames) {
        setVifInfo(listOf(VIF_INFO).stream().filter(v -> permittedVifTypeNames.contains(v.getVifObjectName()))
                .collect(Collectors.toList()));
    }

    /** What a plugin describes (os-vif's {@code describe()}): its name and the VIF classes it plugs. */
    public static HostPluginInfo of(String pluginName, HostVIFInfo... vifs) {
        HostPluginInfo info = new HostPluginInfo();
        info.setPluginName(pluginName);
        info.setVifInfo(List.of(vifs));
        return info;
    }
}
