package org.jvif.registry.internal;

import java.util.Comparator;
import java.util.Map;
import org.osgi.framework.Constants;

/**
 * A service the registry holds, with what it needs to order services that give the same name.
 *
 * @param id the service's {@code service.id}
 * @param ranking the service's {@code service.ranking}, 0 when absent or not an Integer (as OSGi reads it)
 * @param name the object name or plugin name it answers to
 * @param service what the registry uses: the object type's schema, or the backend
 */
record Bound<T>(long id, int ranking, String name, T service) {
    /** OSGi's preference between services: highest ranking, then the one registered first. */
    static final Comparator<Bound<?>> PREFERRED = Comparator.<Bound<?>>comparingInt(b -> -b.ranking)
            .thenComparingLong(Bound::id);

    static <T> Bound<T> of(Map<String, ?> properties, String name, T service) {
        Object id = properties.get(Constants.SERVICE_ID);
        if (!(id instanceof Long)) {
            throw new IllegalArgumentException("service without a " + Constants.SERVICE_ID + ": " + properties);
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        return new Bound<>((Long) id, ranking instanceof Integer ? (Integer) ranking : 0, name, service);
    }

    static long idOf(Map<String, ?> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        return id instanceof Long ? (Long) id : -1;
    }
}
