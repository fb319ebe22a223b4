package org.jvif.api;

/** os-vif's {@code ExceptionBase}: the errors of the os-vif API. {@link #type()} is os-vif's class name. */
public class OsVifException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected OsVifException(String message, Throwable cause) {
        super(message, cause);
    }

    /** os-vif's name for this error, e.g. {@code NoMatchingPlugin}. */
    public String type() {
        return getClass().getSimpleName();
    }
}
