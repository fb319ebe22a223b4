package org.jvif.host.linux;

import java.lang.System.Logger;
import java.util.Map;
import java.util.function.Function;

import org.jvif.host.netlink.LinkManager;

/**
 * A Linux backend's configuration while it runs: its typed settings and the network namespace it plugs
 * into ({@value BackendOptions#NETWORK_NAMESPACE}). At activation a bad value falls back to its default;
 * an update with a bad value is refused whole and the previous configuration stays in force. Both are
 * logged naming the PID and key. Each plug works with one {@link Snapshot}, and may run while an update is
 * applied.
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
    private final Function<BackendOptions, S> reader;
    private final Logger log;
    private volatile Snapshot<S> current;

    /** Reads the properties given at activation. */
    public BackendConfiguration(String pid, Map<String, ?> properties, Function<BackendOptions, S> reader, Logger log) {
        this.pid = pid;
        this.reader = reader;
        this.log = log;
        BackendOptions options = new BackendOptions(pid, properties);
        S settings = reader.apply(options);
        String namespace = options.networkNamespace();
        options.reportFallbacks(log);
        current = new Snapshot<>(settings, new PlugNamespace(namespace));
    }

    /**
     * Applies an update ({@code @Modified}); refuses it whole if any value is bad.
     *
     * @return whether it was applied
     */
    public synchronized boolean modify(Map<String, ?> properties) {
        BackendOptions options = new BackendOptions(pid, properties);
        S settings = reader.apply(options);
        String namespace = options.networkNamespace();
        if (!options.isValid()) {
            options.reportRefusal(log);
            return false;
        }
        Snapshot<S> old = current;
        if (namespace.equals(old.namespace.name())) {
            current = new Snapshot<>(settings, old.namespace);
        } else {
            current = new Snapshot<>(settings, new PlugNamespace(namespace));
            old.namespace.retire();
        }
        return true;
    }

    /** The configuration in force now. */
    public Snapshot<S> now() {
        return current;
    }

    /** Deactivation: the namespace handle closes once running plugs are done. */
    public synchronized void close() {
        current.namespace.retire();
    }
}
