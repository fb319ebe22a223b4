package org.jvif.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.MarkedObject;
import org.jvif.api.VifCall;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;

/**
 * A backend over a host of its own: a map from object name to what is there (the mark, or null for an
 * object someone else made, and an MTU). Each VIF makes a device {@code vif_name} and a bridge
 * {@code br-<vif_name>}, both marked with its id, as the SPI asks of real backends.
 */
class FakeHost implements VifPlugin {
    static final String NAME = "fake";
    static final int MTU = 1500;

    record Thing(String owner, int mtu) {
    }

    final Map<String, Thing> host = new ConcurrentHashMap<>();
    /** Every call, as "plug id", "unplug id", "plugAll n", in the order the backend saw them. */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile boolean inspects = true;
    /** Whether inspectAll answers (else it throws, and the registry asks VIF by VIF). */
    volatile boolean inspectsInBulk = true;

    @Override
    public HostPluginInfo describe() {
        return HostPluginInfo.of(NAME, HostVIFInfo.of("VIFOpenVSwitch", "1.0", "1.2"));
    }

    @Override
    public Set<HostObject> hostObjects(VIFBase vif) {
        String name = (String) vif.get("vif_name");
        Set<HostObject> out = new LinkedHashSet<>();
        out.add(HostObject.device(name));
        out.add(new HostObject(HostObject.Kind.OVS_BRIDGE, "br-" + name, null));
        return out;
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        calls.add("plug " + vif.getId());
        for (HostObject o : hostObjects(vif)) {
            Thing t = host.get(o.name());
            if (t != null && t.owner() != null && !t.owner().equals(vif.getId())) {
                throw new HostObjectTaken(o, t.owner(), vif.getId());
            }
        }
        for (HostObject o : hostObjects(vif)) {
            host.put(o.name(), new Thing(vif.getId(), MTU));
        }
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        calls.add("unplug " + vif.getId());
        for (HostObject o : hostObjects(vif)) {
            host.computeIfPresent(o.name(), (k, t) -> vif.getId().equals(t.owner()) ? null : t);
        }
    }

    @Override
    public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        if (!inspects) {
            throw new UnsupportedOperationException("no");
        }
        List<Finding> out = new ArrayList<>();
        for (HostObject o : hostObjects(vif)) {
            Thing t = host.get(o.name());
            if (t == null) {
                out.add(Finding.missing(o));
                continue;
            }
            out.add(Finding.compare(o, "owner", vif.getId(), t.owner()));
            out.add(Finding.compare(o, "mtu", MTU, t.mtu()));
        }
        return out;
    }

    @Override
    public List<List<Finding>> inspectAll(List<VifCall> vifs) throws Exception {
        calls.add("inspectAll " + vifs.size());
        if (!inspectsInBulk) {
            throw new IllegalStateException("not in bulk");
        }
        return VifPlugin.super.inspectAll(vifs);
    }

    @Override
    public List<MarkedObject> marked() {
        List<MarkedObject> out = new ArrayList<>();
        host.forEach((name, t) -> {
            if (t.owner() != null) {
                out.add(new MarkedObject(name.startsWith("br-") ? new HostObject(HostObject.Kind.OVS_BRIDGE, name, null)
                        : HostObject.device(name), t.owner()));
            }
        });
        return out;
    }

    @Override
    public void remove(MarkedObject marked) {
        calls.add("remove " + marked.object().name());
        host.computeIfPresent(marked.object().name(), (k, t) -> marked.vifId().equals(t.owner()) ? null : t);
    }
}
