package org.jvif.host.linux;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.NamespaceManager;

/**
 * A backend's configuration while it runs: its typed settings and the network namespace it plugs into
 * ({@value BackendOptions#NETWORK_NAMESPACE}). A configuration with any problem (a key that is no option, a
 * bad value, a configuration file Config Admin could not read) is refused whole and never replaced by
 * defaults: refused at activation, the backend is out of service, and every plug and unplug fails saying
 * why (PID, key, value, reason) until a good configuration arrives; refused while running, the previous
 * configuration stays in force. Both are logged. Each plug works with one {@link Snapshot}, and may run
 * while an update is applied.
 *
 * @param <S> the backend's own settings, read from its options
 */
public final class BackendConfiguration<S> {
    /**
     * The configuration in force when a plug starts: check the VIF against {@link #settings()} first,
     * then {@link #call} the kernel, so both see the same configuration.
     */
    public static final class Snapshot<S> {
        private final S settings;
        private final PlugNamespace namespace;

        Snapshot(S settings, PlugNamespace namespace) {
            this.settings = settings;
            this.namespace = namespace;
        }

        public S settings() {
            return settings;
        }

        /** The namespace name; "" for the platform's own. */
        public String networkNamespace() {
            return namespace.name();
        }

        /**
         * Runs {@code work} with the links of the namespace.
         *
         * @throws IllegalStateException naming {@value BackendOptions#NETWORK_NAMESPACE} when the
         *         namespace cannot be opened
         */
        public <T> T call(Function<LinkManager, T> work) {
            return namespace.call(work);
        }
    }

    private final String pid;
    private final Class<?> ocd;
    private final Function<BackendOptions, S> reader;
    private final NamespaceManager namespaces;
    private final Logger log;
    /** Null while out of service. */
    private volatile Snapshot<S> current;
    /** Why the backend is out of service; null while in service. */
    private volatile String refusal;
    /** Out of service only until Config Admin delivers a readable file: callers wait a little for it. Guarded by this. */
    private boolean pending;

    /**
     * Reads the properties given at activation; with a problem, the backend starts out of service.
     *
     * @param ocd the PID's {@code @ObjectClassDefinition}, whose methods are the options and their defaults
     * @param reader the backend's settings from its options, reporting bad values to them
     */
    public BackendConfiguration(String pid, Class<?> ocd, Map<String, ?> properties, Function<BackendOptions, S> reader,
            Logger log) {
        this(pid, ocd, properties, reader, log, NamespaceManager.standard());
    }

    /** @param namespaces where the namespaces come from: the platform's {@link NamespaceManager} service */
    public BackendConfiguration(String pid, Class<?> ocd, Map<String, ?> properties, Function<BackendOptions, S> reader,
            Logger log, NamespaceManager namespaces) {
        this.pid = pid;
        this.namespaces = namespaces;
        this.ocd = ocd;
        this.reader = reader;
        this.log = log;
        ConfigFiles.Unread unread = ConfigFiles.unread(pid, properties);
        if (unread != null) {
            refusal = pid + ": " + unread.reason();
            pending = unread.pending();
            log.log(pending ? Level.INFO : Level.ERROR, refusal + "; out of service until it is "
                    + (pending ? "delivered" : "fixed"));
        } else {
            modify(properties);
        }
    }

    /**
     * Applies an update ({@code @Modified}); refuses it whole if anything is wrong with it.
     *
     * @return whether it was applied
     */
    public synchronized boolean modify(Map<String, ?> properties) {
        BackendOptions options = new BackendOptions(pid, ocd, properties);
        S settings = reader.apply(options);
        String namespace = options.networkNamespace();
        Snapshot<S> old = current;
        if (!options.isValid()) {
            String reason = pid + ": " + String.join("; ", options.problems());
            if (old == null) {
                refusal = reason;
                pending = false;
                notifyAll();
                log.log(Level.ERROR, reason + "; out of service until it is fixed");
            } else {
                log.log(Level.WARNING, reason + "; keeping the previous configuration");
            }
            return false;
        }
        if (old != null && namespace.equals(old.namespace.name())) {
            current = new Snapshot<>(settings, old.namespace);
        } else {
            current = new Snapshot<>(settings, new PlugNamespace(namespace, namespaces));
            if (old != null) {
                old.namespace.retire();
            }
        }
        if (refusal != null) {
            log.log(Level.INFO, pid + ": configuration accepted; in service");
            refusal = null;
        }
        pending = false;
        notifyAll();
        return true;
    }

    /**
     * The configuration in force now.
     *
     * @throws IllegalStateException saying why, while the backend is out of service
     */
    public Snapshot<S> now() {
        Snapshot<S> snapshot = current;
        if (snapshot == null) {
            awaitDelivery();
            snapshot = current;
            if (snapshot == null) {
                throw new IllegalStateException("out of service: " + refusal);
            }
        }
        return snapshot;
    }

    /** While a readable configuration file is on its way through Config Admin: wait a little for it. */
    private synchronized void awaitDelivery() {
        ConfigFiles.awaitDelivery(this, () -> current == null && pending);
    }

    /** Why the backend is out of service (PID, key, value, reason), or empty while it is in service. */
    public Optional<String> outOfService() {
        if (current == null) {
            awaitDelivery();
        }
        return current == null ? Optional.ofNullable(refusal) : Optional.empty();
    }

    /** Deactivation: the namespace handle closes once running plugs are done. */
    public synchronized void close() {
        if (current != null) {
            current.namespace.retire();
        }
    }
}
