package org.jvif.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The durable record of one VIF: what was last asked of it through this platform, how that ended, when,
 * how long it took, the error if it failed, and what it takes to plug it again (its primitive and its
 * instance's).
 *
 * @param vifId the VIF's {@code id}
 * @param vifType the VIF's object name, e.g. {@code VIFOpenVSwitch}
 * @param plugin the backend it names
 * @param vifName its {@code vif_name}, or null for types without one
 * @param instanceUuid the instance's uuid, or null
 * @param state the outcome of the last plug or unplug
 * @param at when that ended
 * @param duration how long it took
 * @param error the error's message when it failed, else null
 * @param primitive the VIF's os-vif primitive as JSON text
 * @param instance the instance info's os-vif primitive as JSON text, or null when the call had none
 */
public record VifRecord(String vifId, String vifType, String plugin, String vifName, String instanceUuid,
        VifState state, Instant at, Duration duration, String error, String primitive, String instance) {
}
