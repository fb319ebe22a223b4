package org.jvif.console.internal;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.fleet.Fleet;
import org.jvif.fleet.FleetException;
import org.jvif.fleet.FleetHost;
import org.jvif.fleet.FleetVif;
import org.jvif.fleet.VifReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link FleetHosts} over the controller's {@link Fleet} service: present while it is. */
@Component(service = FleetHosts.class)
public final class FleetConsole implements FleetHosts {
    private final Fleet fleet;

    @Activate
    public FleetConsole(@Reference Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public Table hosts() {
        Table t = new Table("HOST", "ALIVE", "AGENT", "LAST SEEN", "VIFS", "CONVERGED");
        for (FleetHost h : fleet.hosts()) {
            List<FleetVif> vifs = fleet.vifs(h.name());
            t.row(h.name(), h.alive() ? "yes" : "no", h.agentVersion(), h.lastSeen().truncatedTo(ChronoUnit.MILLIS), vifs.size(),
                    vifs.stream().filter(FleetVif::converged).count());
        }
        return t;
    }

    @Override
    public String plug(String host, VIFBase vif, InstanceInfo instance) throws CommandFailure {
        return done(fleet.plug(host, vif, instance));
    }

    @Override
    public String unplug(String host, VIFBase vif, InstanceInfo instance) throws CommandFailure {
        return done(fleet.unplug(host, vif, instance));
    }

    /** Waits for the host's report (the Fleet's own timeout bounds it). */
    private static String done(CompletionStage<VifReport> call) throws CommandFailure {
        VifReport r;
        try {
            r = call.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof FleetException f) {
                throw new CommandFailure((f.errorType() != null ? f.errorType() + ": " : "") + f.getMessage(), f);
            }
            throw VifConsole.failure(cause);
        }
        return r.state().dbValue() + " VIF " + r.vifId() + " on " + r.host() + " (generation "
                + r.generation() + ", " + r.took().toMillis() + " ms there)";
    }

    @Override
    public Table list(String host) throws CommandFailure {
        if (fleet.host(host).isEmpty()) {
            throw new CommandFailure("vif:list --host " + host + ": no agent registered for that host", null);
        }
        Table t = new Table("ID", "DESIRED", "GENERATION", "REPORTED", "STATE", "AT", "ERROR");
        for (FleetVif v : fleet.vifs(host)) {
            VifReport r = v.report().orElse(null);
            t.row(v.vifId(), v.desired().dbValue(), v.generation(), r == null ? null : r.generation(),
                    r == null ? null : r.state().dbValue(), r == null ? null : r.updated().truncatedTo(ChronoUnit.MILLIS),
                    r == null ? null : VifConsole.errorSummary(r.error()));
        }
        return t;
    }
}
