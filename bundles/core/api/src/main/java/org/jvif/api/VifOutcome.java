package org.jvif.api;

import java.util.Objects;

/**
 * How one call of a batch ended.
 *
 * @param call the call
 * @param error what it failed with, or null when it succeeded
 */
public record VifOutcome(VifCall call, Throwable error) {
    public VifOutcome {
        Objects.requireNonNull(call, "call");
    }

    public boolean ok() {
        return error == null;
    }
}
