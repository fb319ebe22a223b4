package org.jvif.launcher;

/** Arguments bin/jvif cannot make sense of; exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
