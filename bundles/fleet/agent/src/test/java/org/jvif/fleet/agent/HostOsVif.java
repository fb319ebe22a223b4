package org.jvif.fleet.agent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jvif.api.OsVif;
import org.jvif.api.PlugException;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;
import org.jvif.vif.generic.VIFGeneric;

/** A host's os-vif for agent tests: decodes VIFGeneric and InstanceInfo, records every call, fails the VIFs told to. */
public final class HostOsVif implements OsVif {
    private static final ObjectResolver TYPES = ObjectResolver.of(VIFGeneric.SCHEMA, InstanceInfo.SCHEMA);
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) {
        calls.add("plug " + vif.getId() + (instanceInfo == null ? "" : " " + instanceInfo.getName()));
        if (failing.contains(vif.getId())) {
            throw new PlugException(vif.getId(), new IllegalStateException("no bridge br-none"));
        }
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
        calls.add("unplug " + vif.getId());
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
    public String commonVersion(HostVIFInfo vifInfo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String commonVersion(HostPortProfileInfo profileInfo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VersionedObject fromPrimitive(Object primitive) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VersionedObject fromJson(String text) {
        return VersionedObject.fromJson(text, TYPES);
    }

    @Override
    public Map<String, Object> toPrimitive(VersionedObject object, String targetVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Collection<ObjectSchema> types() {
        return List.of(VIFGeneric.SCHEMA, InstanceInfo.SCHEMA);
    }

    @Override
    public Collection<String> plugins() {
        return List.of("noop");
    }

    @Override
    public ObjectSchema schema(String name) {
        return TYPES.schema(name);
    }
}
