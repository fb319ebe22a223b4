package org.jvif.host.netlink;

import java.util.Optional;

/**
 * A kernel call failed. Carries the errno (number and symbolic name), the operation that was attempted
 * and, when the kernel sent one, its extended-ack message, e.g.
 * {@code EEXIST creating bridge qbr1234: File exists}.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;
    private final String operation;
    private final String kernelMessage;

    public NetlinkException(int errno, String errnoName, String operation, String description,
            String kernelMessage) {
        super(errnoName + " " + operation + ": " + description
                + (kernelMessage == null ? "" : " (" + kernelMessage + ")"));
        this.errno = errno;
        this.errnoName = errnoName;
        this.operation = operation;
        this.kernelMessage = kernelMessage;
    }

    /** The positive errno value, e.g. 17. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, e.g. {@code EEXIST}. */
    public String errnoName() {
        return errnoName;
    }

    /** What was being done, e.g. {@code creating bridge qbr1234}. */
    public String operation() {
        return operation;
    }

    /** The kernel's extended-ack text, if it sent one. */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
