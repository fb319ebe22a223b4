package org.jvif.console.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.OsVif;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** An OsVif with the base model types and no backend. */
public class BareOsVif implements OsVif {
    private final ObjectResolver types = ObjectResolver.of(Network.SCHEMA, SubnetList.SCHEMA, Subnet.SCHEMA,
            InstanceInfo.SCHEMA, VIFBase.SCHEMA, HostInfo.SCHEMA);

    @Override
    public ObjectSchema schema(String name) {
        return types.schema(name);
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        throw new NoMatchingPlugin(vif.getPlugin());
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        throw new NoMatchingPlugin(vif.getPlugin());
    }

    @Override
    public HostInfo hostInfo() {
        HostInfo h = new HostInfo();
        h.setPluginInfo(List.of());
        return h;
    }

    @Override
    public HostInfo hostInfo(Collection<String> permittedVifTypeNames) {
        return hostInfo();
    }

    @Override
    public VersionedObject fromPrimitive(Object primitive) {
        return VersionedObject.fromPrimitive(primitive, this);
    }

    @Override
    public VersionedObject fromJson(String text) {
        return VersionedObject.fromJson(text, this);
    }

    @Override
    public Map<String, Object> toPrimitive(VersionedObject object, String targetVersion) {
        return targetVersion == null ? object.toPrimitive() : object.toPrimitive(targetVersion);
    }

    @Override
    public Collection<ObjectSchema> types() {
        return List.of(Network.SCHEMA, InstanceInfo.SCHEMA, VIFBase.SCHEMA);
    }

    @Override
    public Collection<String> plugins() {
        return List.of();
    }

    @Override
    public String commonVersion(HostVIFInfo info) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String commonVersion(HostPortProfileInfo info) {
        throw new UnsupportedOperationException();
    }
}
