package org.jvif.backend.ovs.internal;

import org.jvif.api.OsVifException;

/** vif_plug_ovs's exceptions (vif_plug_ovs/exception.py), with its messages; {@link OsVifException#type()} gives os-vif's class name. */
final class OvsExceptions {
    private OvsExceptions() {
    }

    static final class MissingPortProfile extends OsVifException {
        private static final long serialVersionUID = 1L;

        MissingPortProfile() {
            super("A port profile is mandatory for the OpenVSwitch plugin", null);
        }
    }

    static final class WrongPortProfile extends OsVifException {
        private static final long serialVersionUID = 1L;

        WrongPortProfile(String profile) {
            super("Port profile " + profile + " is not a subclass of VIFPortProfileOpenVSwitch", null);
        }
    }

    static final class RepresentorNotFound extends OsVifException {
        private static final long serialVersionUID = 1L;

        RepresentorNotFound(String ifname, String vfNum) {
            super("Failed getting representor port for PF " + ifname + " with " + vfNum, null);
        }
    }

    static final class PciDeviceNotFoundById extends OsVifException {
        private static final long serialVersionUID = 1L;

        PciDeviceNotFoundById(String id) {
            super("PCI device " + id + " not found", null);
        }
    }

    static final class TapCreationNotSupported extends OsVifException {
        private static final long serialVersionUID = 1L;

        TapCreationNotSupported(String vifType) {
            super("Tap device creation requested for unsupported VIF type. create_tap is only supported for "
                    + "VIFOpenVSwitch, got " + vifType, null);
        }
    }

    /** ovs-vswitchd reported an error for a port whose device this plug made or depends on. */
    static final class PortSetupFailed extends OsVifException {
        private static final long serialVersionUID = 1L;

        PortSetupFailed(String port, String error) {
            super("ovs-vswitchd could not set up port " + port + ": " + error, null);
        }

        private PortSetupFailed(String message, Throwable cause) {
            super(message, cause);
        }

        /** The same error, saying more (which VIF, what was taken back). */
        PortSetupFailed note(String prefix, String suffix) {
            PortSetupFailed e = new PortSetupFailed(prefix + getMessage() + suffix, getCause());
            e.setStackTrace(getStackTrace());
            return e;
        }
    }

    /**
     * os-vif's {@code AgentError} (vif_plug_ovs): a step of a plug or unplug failed, in OVSDB or the kernel.
     * The message says which step of which VIF, and what was taken back or left.
     */
    static final class AgentError extends OsVifException {
        private static final long serialVersionUID = 1L;

        AgentError(String message, Throwable cause) {
            super(message, cause);
        }

        AgentError note(String prefix, String suffix) {
            AgentError e = new AgentError(prefix + getMessage() + suffix, getCause());
            e.setStackTrace(getStackTrace());
            return e;
        }
    }
}
