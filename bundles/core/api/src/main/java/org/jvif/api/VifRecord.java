package org.jvif.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The bookkeeping of one VIF: what was last done to it through this platform, when, how long it took,
 * and the error if it failed.
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
 */
public record VifRecord(String vifId, String vifType, String plugin, String vifName, String instanceUuid,
        VifState state, Instant at, Duration duration, String error, String primitive) {
}
