package org.jvif.api;

import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The host held to the durable record: the record is the desired state (every VIF asked to be plugged and
 * not since unplugged), the backends inspect what the host has, and repair and gc bring the host back to
 * the record. The same operations as {@code vif:check}, {@code vif:repair} and {@code vif:gc}.
 *
 * <p>Every operation is ordered with plugs and unplugs of the same VIF (one call at a time per VIF).
 */
@ProviderType
public interface VifHostState {
    /**
     * Compares the host with the record: each VIF held as plugged (or only those of {@code vifIds}, when
     * not empty) inspected through its backend, and, when all are checked, the orphans (marked objects no
     * VIF held as plugged explains).
     *
     * @throws IllegalArgumentException naming an id the record does not hold
     */
    CheckReport check(Collection<String> vifIds);

    /**
     * Plugs again, from the record, every VIF of {@code vifIds} (or every VIF held as plugged, when empty)
     * that check finds drifted, missing or interrupted, and finishes interrupted unplugs. One outcome per
     * VIF acted on.
     *
     * @throws IllegalArgumentException naming an id the record does not hold as plugged
     */
    List<VifOutcome> repair(Collection<String> vifIds);

    /**
     * Removes the orphans: host objects marked as jvif's whose VIF the record does not hold as plugged (an
     * object of a VIF held as plugged is never one). Unmarked objects are never touched.
     */
    GcReport gc(boolean dryRun);

    /**
     * Brings the host to a desired set: plugs every VIF of {@code desired} that the record does not hold
     * as plugged with that same primitive (or whose check is not ok), and unplugs every VIF held as plugged
     * whose id is not in it. In few batches ({@link OsVif#plugAll}). One outcome per VIF acted on.
     */
    List<VifOutcome> reconcile(Collection<VifCall> desired);
}
