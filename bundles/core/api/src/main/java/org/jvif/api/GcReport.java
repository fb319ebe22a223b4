package org.jvif.api;

import java.util.List;
import java.util.Map;

/**
 * What {@link VifHostState#gc} removed, or would remove.
 *
 * @param removed the orphans removed (or, in a dry run, those that would be)
 * @param failed orphans whose removal failed, with the error's message
 * @param dryRun whether nothing was removed
 */
public record GcReport(List<MarkedObject> removed, Map<MarkedObject, String> failed, boolean dryRun) {
    public GcReport {
        removed = List.copyOf(removed);
        failed = Map.copyOf(failed);
    }
}
