package org.jvif.registry.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.Version;

/**
 * The object classes installed at one moment, as oslo's object registry holds them: every version of a
 * name, newest first. Immutable, so decoding and negotiation read it without a lock.
 */
final class Types implements ObjectResolver {
    /** Newest version first; equal versions keep the order they were added in. */
    private static final Comparator<ObjectSchema> NEWEST_FIRST = (a, b) -> b.version().compareTo(a.version());

    private final Map<String, ObjectSchema> newest;
    private final Map<String, List<ObjectSchema>> versions;
    private final List<ObjectSchema> byName;

    private Types(Map<String, List<ObjectSchema>> versions) {
        Map<String, ObjectSchema> first = new HashMap<>();
        TreeMap<String, ObjectSchema> sorted = new TreeMap<>();
        versions.forEach((name, all) -> {
            first.put(name, all.get(0));
            sorted.put(name, all.get(0));
        });
        this.newest = Map.copyOf(first);
        this.versions = Map.copyOf(versions);
        this.byName = List.copyOf(sorted.values());
    }

    /** The built-in classes, then the given services in OSGi's order of preference. */
    static Types of(Collection<ObjectSchema> builtIn, List<Bound<ObjectSchema>> services) {
        Map<String, List<ObjectSchema>> all = new HashMap<>();
        for (ObjectSchema s : builtIn) {
            all.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
        }
        List<Bound<ObjectSchema>> preferred = new ArrayList<>(services);
        preferred.sort(Bound.PREFERRED);
        for (Bound<ObjectSchema> b : preferred) {
            all.computeIfAbsent(b.name(), n -> new ArrayList<>()).add(b.service());
        }
        Map<String, List<ObjectSchema>> distinct = new HashMap<>();
        all.forEach((name, list) -> {
            list.sort(NEWEST_FIRST);
            List<ObjectSchema> kept = new ArrayList<>();
            for (ObjectSchema s : list) {
                // two services with the same version: the preferred one (first) is the one used
                if (kept.isEmpty() || kept.get(kept.size() - 1).version().compareTo(s.version()) != 0) {
                    kept.add(s);
                }
            }
            distinct.put(name, List.copyOf(kept));
        });
        return new Types(distinct);
    }

    /** The newest installed class of that name, or null. */
    @Override
    public ObjectSchema schema(String name) {
        return name == null ? null : newest.get(name);
    }

    /** Every installed version of a class, newest first; empty when it is not installed. */
    List<ObjectSchema> versions(String name) {
        List<ObjectSchema> v = name == null ? null : versions.get(name);
        return v == null ? List.of() : v;
    }

    /** The newest installed classes, sorted by name. */
    List<ObjectSchema> byName() {
        return byName;
    }

    /**
     * os-vif's {@code _get_common_version}: the newest installed version {@code v} of the class with
     * {@code min <= v <= max} (tuples compared as {@code convert_version_to_tuple} makes them), or null.
     */
    static String commonVersion(List<ObjectSchema> installed, String min, String max) {
        Version lo = Version.parse(min);
        Version hi = Version.parse(max);
        for (ObjectSchema s : installed) {
            if (lo.compareTo(s.version()) <= 0 && s.version().compareTo(hi) <= 0) {
                return s.version().text();
            }
        }
        return null;
    }

    /**
     * Whether a class a backend describes with {@code [min, max]} can be used here, which host info asks.
     *
     * <p>Not installed: no (so host info drops a type when its bundle leaves). Installed: yes when some
     * version the installed class reads lies in {@code [min, max]}. A class at {@code M.n} reads every
     * version of major {@code M} up to {@code M.n} (oslo's {@code is_compatible}), so that is
     * {@code min <= M.n}, {@code max >= M} and {@code min <= max}. This is wider than os-vif's
     * {@code get_common_version} ({@link #commonVersion}), which wants {@code M.n} itself in range: os-vif's
     * own backends describe {@code max_version} 1.0 for classes that are at 1.1 and later (noop and ovs for
     * VIFVHostUser 1.1, ovs for the OVS port profiles at 1.3), and os-vif's {@code host_info()} lists them.
     * A class older than {@code min}, or of another major, is dropped.
     */
    boolean serves(String name, String min, String max) {
        List<ObjectSchema> installed = versions(name);
        if (installed.isEmpty()) {
            return false;
        }
        Version lo = Version.parse(min);
        Version hi = Version.parse(max);
        if (lo.compareTo(hi) > 0) {
            return false;
        }
        for (ObjectSchema s : installed) {
            Version v = s.version();
            if (lo.compareTo(v) <= 0 && hi.compareTo(Version.of(Integer.toString(v.major()))) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The installed versions as os-vif lists them in its errors: "1.1,1.0". */
    static String versionList(List<ObjectSchema> installed) {
        StringBuilder b = new StringBuilder();
        for (ObjectSchema s : installed) {
            b.append(b.length() == 0 ? "" : ",").append(s.version().text());
        }
        return b.toString();
    }
}
