package org.jvif.host.linux;

import java.util.Map;

import org.jvif.api.config.Options;
import org.jvif.host.netlink.ValidNames;

/**
 * A Linux backend's Config Admin properties ({@link Options}, the platform's one reader), with the options
 * the Linux backends share: interface names, {@value #NETWORK_DEVICE_MTU}, {@value #NETWORK_NAMESPACE}. A
 * configuration with any problem is refused whole ({@link BackendConfiguration}).
 */
public final class BackendOptions extends Options {
    /** The option of every Linux backend: a namespace under /run/netns, empty for the platform's own. */
    public static final String NETWORK_NAMESPACE = "network_namespace";
    /** os-vif's option of every backend: the MTU of devices when the network gives none. */
    public static final String NETWORK_DEVICE_MTU = "network_device_mtu";

    /**
     * @param ocd the PID's {@code @ObjectClassDefinition} annotation type, whose methods are its options
     * @param properties as Config Admin gives them; null for none
     */
    public BackendOptions(String pid, Class<?> ocd, Map<String, ?> properties) {
        super(pid, ocd, properties);
    }

    /** An interface name ({@link ValidNames}), or "" when empty. */
    public String interfaceName(String key) {
        String text = text(key);
        if (text.isEmpty()) {
            return "";
        }
        String problem = ValidNames.interfaceProblem(text);
        return problem == null ? text : refuse(key, text, problem, "");
    }

    /** {@value #NETWORK_DEVICE_MTU}: an MTU every Linux link type accepts. */
    public int networkDeviceMtu() {
        return integer(NETWORK_DEVICE_MTU, VifChecks.MIN_MTU, VifChecks.MAX_MTU);
    }

    /** {@value #NETWORK_NAMESPACE}: a name under /run/netns, or "" for the platform's own. */
    public String networkNamespace() {
        String text = text(NETWORK_NAMESPACE);
        if (text.isEmpty()) {
            return "";
        }
        String problem = ValidNames.namespaceProblem(text);
        return problem == null ? text : refuse(NETWORK_NAMESPACE, text, problem, text);
    }
}
