package org.jvif.api;

import java.util.Objects;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;

/**
 * One plug or unplug of a batch: the VIF and its instance, as {@link OsVif#plug(VIFBase, InstanceInfo)} takes
 * them.
 *
 * @param vif the VIF
 * @param instanceInfo its instance, or null
 */
public record VifCall(VIFBase vif, InstanceInfo instanceInfo) {
    public VifCall {
        Objects.requireNonNull(vif, "vif");
    }
}
