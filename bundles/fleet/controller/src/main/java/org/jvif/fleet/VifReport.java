package org.jvif.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * What a host's agent reported for a VIF.
 *
 * @param host the host
 * @param vifId the VIF's id
 * @param state what the agent's last call left
 * @param generation the generation of the desired state that call was for
 * @param error why it failed (null unless {@link State#FAILED})
 * @param errorType os-vif's exception name of that failure (null unless failed)
 * @param took how long the call took on the host
 * @param updated when the agent wrote this
 */
public record VifReport(String host, String vifId, State state, long generation, String error, String errorType,
        Duration took, Instant updated) {
    /** What a host has done with a VIF. */
    public enum State {
        PLUGGED, UNPLUGGED, FAILED;

        /** The fleet database's word for it. */
        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State ofDbValue(String v) {
            return valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
