package org.jvif.api;

import java.util.Objects;

/**
 * One item of a VIF's inspection ({@link VifPlugin#inspect}): what the host has of one thing its plug makes.
 *
 * @param object the host object the item belongs to
 * @param item the attribute compared (e.g. {@code mtu}, {@code master}, {@code address}, {@code up},
 *     {@code type}, {@code options:vhost-server-path}, {@code external_ids:iface-id}, {@code tag},
 *     {@code owner}), or null for the object's presence
 * @param verdict how the host compares
 * @param wanted what the plug makes, as text; null when {@link Verdict#OK}
 * @param found what the host has, as text; null when {@link Verdict#OK} or {@link Verdict#MISSING}
 */
public record Finding(HostObject object, String item, Verdict verdict, String wanted, String found) {
    /** How one item compares. */
    public enum Verdict {
        /** As the plug makes it. */
        OK,
        /** There, but not as the plug makes it. */
        DRIFTED,
        /** The object is not there at all. */
        MISSING
    }

    public Finding {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(verdict, "verdict");
    }

    public static Finding ok(HostObject object, String item) {
        return new Finding(object, item, Verdict.OK, null, null);
    }

    public static Finding drifted(HostObject object, String item, Object wanted, Object found) {
        return new Finding(object, item, Verdict.DRIFTED, String.valueOf(wanted), String.valueOf(found));
    }

    public static Finding missing(HostObject object) {
        return new Finding(object, null, Verdict.MISSING, "present", null);
    }

    /** Compares one attribute: OK when equal, else DRIFTED with both values. */
    public static Finding compare(HostObject object, String item, Object wanted, Object found) {
        return Objects.equals(wanted, found) ? ok(object, item) : drifted(object, item, wanted, found);
    }

    @Override
    public String toString() {
        String what = item == null ? object.toString() : object + " " + item;
        switch (verdict) {
            case OK:
                return what + ": ok";
            case MISSING:
                return what + ": missing";
            default:
                return what + ": wanted " + wanted + ", found " + found;
        }
    }
}
