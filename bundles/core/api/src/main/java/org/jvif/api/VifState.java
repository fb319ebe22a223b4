package org.jvif.api;

/** Where a VIF stands after the last plug or unplug this platform did for it. */
public enum VifState {
    PLUGGED,
    PLUG_FAILED,
    UNPLUGGED,
    UNPLUG_FAILED
}
