package org.jvif.host.linux;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jvif.api.MarkedObject;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.VIFBase;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.NamespaceManager;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * The DS component glue every Linux backend shares: its configuration read at activation (the subclass's
 * {@code @Activate} constructor), updated by {@code @Modified}, released by {@code @Deactivate}, and the
 * backend out of service while its configuration is refused. A subclass's bundle sets bnd's
 * {@code -dsannotations-options: inherit} so these methods are part of its component.
 *
 * @param <S> the backend's settings
 */
public abstract class LinuxBackend<S> implements VifPlugin {
    private final BackendConfiguration<S> config;

    /**
     * @param ocd the PID's {@code @ObjectClassDefinition}: its options, their names and defaults
     * @param properties the Config Admin properties given at activation
     * @param reader the settings from the options, reporting bad values to them
     */
    protected LinuxBackend(String pid, Class<?> ocd, Map<String, ?> properties, Function<BackendOptions, S> reader) {
        this(pid, ocd, properties, reader, NamespaceManager.standard());
    }

    /** @param namespaces the {@link NamespaceManager} service the subclass's constructor was given */
    protected LinuxBackend(String pid, Class<?> ocd, Map<String, ?> properties, Function<BackendOptions, S> reader,
            NamespaceManager namespaces) {
        config = new BackendConfiguration<>(pid, ocd, properties, reader, new Slf4jSystemLogger(getClass()), namespaces);
    }

    @Modified
    public void modified(Map<String, ?> properties) {
        config.modify(properties);
    }

    @Deactivate
    public void close() {
        config.close();
    }

    /** The configuration in force. */
    public BackendConfiguration<S> configuration() {
        return config;
    }

    @Override
    public Optional<String> outOfService() {
        return config.outOfService();
    }

    /** The devices of its namespace marked as a VIF's ({@link DeviceOwners}), of the kind it makes. */
    protected final List<MarkedObject> markedDevices(Predicate<Link> ofKind) {
        BackendConfiguration.Snapshot<S> now = config.now();
        String where = now.networkNamespace().isEmpty() ? null : now.networkNamespace();
        return now.call(links -> DeviceOwners.marked(links, where, ofKind));
    }

    /** Deletes a marked device of its kind if it still carries that VIF's mark; gone or marked otherwise: nothing. */
    protected final void removeDevice(MarkedObject marked, Predicate<Link> ofKind) {
        config.now().call(links -> {
            links.link(marked.object().name()).filter(ofKind)
                    .filter(link -> DeviceOwners.markedAs(link, marked.vifId()))
                    .ifPresent(link -> links.deleteIfExists(link.name()));
            return null;
        });
    }

    /**
     * The VIF as the type this backend plugs.
     *
     * @throws IllegalArgumentException naming both types otherwise
     */
    protected static <V extends VIFBase> V expect(String plugin, Class<V> type, VIFBase vif) {
        if (!type.isInstance(vif)) {
            throw new IllegalArgumentException(plugin + " plugs " + type.getSimpleName() + ", not " + vif.objName());
        }
        return type.cast(vif);
    }
}
