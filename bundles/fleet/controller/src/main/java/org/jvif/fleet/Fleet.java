package org.jvif.fleet;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Plugs and unplugs VIFs on the hosts of a fleet: the desired state is written to the clustered fleet database
 * ({@code JVIF_Fleet}), where each host's agent picks up the VIFs of its host, plugs them with its local os-vif
 * and reports each outcome. Nothing of it lives in the controller: after a restart it carries on where the
 * database stands. Each write raises the VIF's generation; the last committed write wins, and a call completes
 * with the outcome of its own generation (or a later one).
 */
@ProviderType
public interface Fleet {
    /** The hosts whose agents registered, as they last reported. */
    Collection<FleetHost> hosts();

    Optional<FleetHost> host(String name);

    /**
     * Asks the host to plug the VIF (os-vif's {@code plug(vif, instance_info)} there).
     *
     * @return completes with the host's report once its agent plugged this generation (or a later one), or
     *         exceptionally with a {@link FleetException} naming the host: the plug failed there (with os-vif's
     *         exception name), the host has no agent, or no outcome came within the timeout
     */
    CompletionStage<VifReport> plug(String host, VIFBase vif, InstanceInfo instanceInfo);

    /** Asks the host to unplug the VIF; as {@link #plug}. */
    CompletionStage<VifReport> unplug(String host, VIFBase vif, InstanceInfo instanceInfo);

    /** The VIFs desired on a host, each with what its agent last reported. */
    List<FleetVif> vifs(String host);

    Optional<FleetVif> vif(String host, String vifId);
}
