package org.jvif.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The VIFs plugged or unplugged through this platform, read from its durable record (it survives
 * restarts). Every plug and unplug is also published through OSGi EventAdmin under {@link #TOPIC_PREFIX} with the properties named below.
 */
@ProviderType
public interface PluggedVifs {
    /** Topics are this prefix and a {@link VifState} name, e.g. {@code org/jvif/vif/PLUGGED}. */
    String TOPIC_PREFIX = "org/jvif/vif/";
    /** Every topic this platform publishes: {@code org/jvif/vif/*}. */
    String TOPIC_ALL = TOPIC_PREFIX + "*";

    String PROP_VIF_ID = "vif.id";
    String PROP_VIF_TYPE = "vif.type";
    String PROP_PLUGIN = "vif.plugin";
    String PROP_VIF_NAME = "vif.name";
    String PROP_INSTANCE_UUID = "instance.uuid";
    /** Long: nanoseconds the plug or unplug took. */
    String PROP_DURATION_NANOS = "duration.nanos";
    /** String: the error's message; absent on success. */
    String PROP_ERROR = "error";
    /** String: the error's os-vif type, e.g. {@code PlugException}; absent on success. */
    String PROP_ERROR_TYPE = "error.type";

    /** Every VIF's latest record, most recent first. */
    List<VifRecord> vifs();

    /** The latest record of one VIF. */
    Optional<VifRecord> vif(String vifId);
}
