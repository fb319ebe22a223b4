package org.jvif.api.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** The plugins of a host and the VIF classes they support (what os-vif's {@code host_info()} returns). */
public class HostInfo extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("HostInfo", "1.0", HostInfo::new);

    public static final Field<List<HostPluginInfo>> PLUGIN_INFO = DECLARE.field("plugin_info", FieldTypes.<HostPluginInfo>listOfObjects("HostPluginInfo"));

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public HostInfo() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected HostInfo(ObjectSchema schema) {
        super(schema);
    }

    public List<HostPluginInfo> getPluginInfo() {
        return get(PLUGIN_INFO);
    }

    public void setPluginInfo(List<HostPluginInfo> value) {
        set(PLUGIN_INFO, value);
    }

    /** os-vif's {@code get_plugin}. */
    public Optional<HostPluginInfo> plugin(String pluginName) {
        return listOf(PLUGIN_INFO).stream().filter(p -> pluginName.equals(p.getPluginName())).findFirst();
    }

    /** os-vif's {@code filter_vif_types}: keeps permitted VIF classes, and plugins left with any. */
    public void filterVifTypes(Collection<String> permittedVifTypeNames) {
        List<HostPluginInfo> kept = new ArrayList<>();
        for (HostPluginInfo p : listOf(PLUGIN_INFO)) {
            p.filterVifTypes(permittedVifTypeNames);
            if (!p.getVifInfo().isEmpty()) {
                kept.add(p);
            }
        }
        setPluginInfo(kept);
    }
}
