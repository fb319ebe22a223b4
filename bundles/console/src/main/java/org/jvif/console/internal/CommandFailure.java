package org.jvif.console.internal;

/**
 * A command that did not work: one line for the operator (escaped, and cut where it echoes a huge value),
 * the cause kept for {@code --verbose}.
 */
public final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message, Throwable cause) {
        super(Text.shown(message), cause);
    }

    /** Shells print an exception's toString: make it the one clear line. */
    @Override
    public String toString() {
        return getMessage();
    }
}
