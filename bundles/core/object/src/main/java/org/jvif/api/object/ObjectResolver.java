package org.jvif.api.object;

import java.util.HashMap;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Finds the class of an object by its wire name, as oslo's object registry does. */
@ConsumerType
@FunctionalInterface
public interface ObjectResolver {
    /** The schema registered under {@code name} (the newest, if several), or null. */
    ObjectSchema schema(String name);

    /** A fixed resolver over the given schemas, for plain Java use and tests. */
    static ObjectResolver of(ObjectSchema... schemas) {
        Map<String, ObjectSchema> byName = new HashMap<>();
        for (ObjectSchema s : schemas) {
            byName.merge(s.name(), s, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        }
        return byName::get;
    }
}
