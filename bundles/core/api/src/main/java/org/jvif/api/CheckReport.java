package org.jvif.api;

import java.util.List;

/**
 * What {@link VifHostState#check} found.
 *
 * @param vifs one check per VIF the record holds as plugged (or of the ids asked for), in id order
 * @param orphans host objects marked as jvif's that no VIF held as plugged explains; empty when the check
 *     was limited to some ids
 */
public record CheckReport(List<VifCheck> vifs, List<MarkedObject> orphans) {
    public CheckReport {
        vifs = List.copyOf(vifs);
        orphans = List.copyOf(orphans);
    }

    /** Whether every VIF is ok and there are no orphans. */
    public boolean clean() {
        return orphans.isEmpty() && vifs.stream().allMatch(VifCheck::ok);
    }
}
