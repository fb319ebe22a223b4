package org.jvif.api;

/**
 * Where a VIF stands after the last plug or unplug this platform did for it. {@link #PLUGGING} and
 * {@link #UNPLUGGING} are intents written down before acting: a record left in one of them after a crash
 * names a call that was in flight, which start-up reconcile finishes.
 */
public enum VifState {
    PLUGGED,
    PLUG_FAILED,
    UNPLUGGED,
    UNPLUG_FAILED,
    PLUGGING,
    UNPLUGGING
}
