package org.jvif.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jvif.api.VifPlugin;

/**
 * The backends installed at one moment, by plugin name. Immutable, so plug and unplug find their backend
 * without a lock.
 */
final class Backends {
    static final Backends NONE = of(List.of());

    private final Map<String, VifPlugin> byName;
    private final List<String> names;
    private final List<VifPlugin> inNameOrder;

    private Backends(TreeMap<String, VifPlugin> sorted) {
        this.byName = Map.copyOf(sorted);
        this.names = List.copyOf(sorted.keySet());
        this.inNameOrder = List.copyOf(sorted.values());
    }

    /** Of several services with one plugin name, the preferred one (OSGi's order) serves it. */
    static Backends of(List<Bound<VifPlugin>> services) {
        List<Bound<VifPlugin>> preferred = new ArrayList<>(services);
        preferred.sort(Bound.PREFERRED);
        TreeMap<String, VifPlugin> sorted = new TreeMap<>();
        for (Bound<VifPlugin> b : preferred) {
            sorted.putIfAbsent(b.name(), b.service());
        }
        return new Backends(sorted);
    }

    /** The backend answering to {@code name}, or null. */
    VifPlugin get(String name) {
        return name == null ? null : byName.get(name);
    }

    /** Plugin names, sorted as os-vif's {@code host_info()} orders its plugins. */
    List<String> names() {
        return names;
    }

    /** The backends, in the order of {@link #names()}. */
    List<VifPlugin> inNameOrder() {
        return inNameOrder;
    }
}
