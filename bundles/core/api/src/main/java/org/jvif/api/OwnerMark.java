package org.jvif.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How jvif marks what it makes on a host with the id of the VIF it belongs to, so that a plug never takes
 * over another VIF's objects, an unplug never removes them, and {@code vif:gc} finds what no VIF explains.
 * Objects without a mark (made by libvirt, by an operator, by os-vif) are treated as os-vif treats them, and
 * never garbage-collected.
 *
 * <ul>
 *   <li>OVSDB: every {@code Bridge}, {@code Port}, {@code Interface} and {@code QoS} row a backend creates
 *       carries {@code external_ids:}{@value #OVSDB_KEY}{@code =<vif id>}, beside os-vif's own keys
 *       ({@code iface-id}, {@code attached-mac}, {@code vm-uuid}, {@code iface-status}).
 *   <li>Kernel devices: the device's alias ({@code IFLA_IFALIAS}, shown by {@code ip -d link} as
 *       {@code alias}) is {@value #ALIAS_PREFIX}{@code <vif id>}, e.g. {@code jvif:vif=3b0f5e28-...}. The
 *       kernel takes no alias when it creates a device, so a device is created in device group
 *       {@code 0x49766966} (shown by {@code ip link} as {@code group 1232496998}) and leaves it in the request
 *       that sets its alias; a process killed in between leaves a device in that group without an alias:
 *       jvif's, its mark {@link #UNWRITTEN}. A tap gets its alias before it is made persistent, so a tap is
 *       never left so.
 * </ul>
 */
public final class OwnerMark {
    /** The OVSDB {@code external_ids} key whose value is the owning VIF's id. */
    public static final String OVSDB_KEY = "jvif-vif-id";
    /** The start of a kernel device's {@code IFLA_IFALIAS} that marks it as a VIF's; the VIF id follows. */
    public static final String ALIAS_PREFIX = "jvif:vif=";
    /** The kernel's limit on an alias: {@code IFALIASZ} (256) less the terminating NUL, in bytes. */
    public static final int ALIAS_MAX_BYTES = 255;

    /**
     * The VIF id a {@link MarkedObject} names for a device jvif made whose mark was never written (a process
     * killed between creating and marking it): it belongs to the VIF whose record names the device (the
     * intent of the plug that made it), and is an orphan when none does.
     */
    public static final String UNWRITTEN = "";

    private OwnerMark() {
    }

    /**
     * The alias that marks a device as VIF {@code vifId}'s.
     *
     * @throws IllegalArgumentException when the id is empty, holds a control character or does not fit
     */
    public static String alias(String vifId) {
        if (vifId == null || vifId.isEmpty()) {
            throw new IllegalArgumentException("VIF id: empty, cannot mark a device with it");
        }
        for (int i = 0; i < vifId.length(); i++) {
            if (Character.isISOControl(vifId.charAt(i))) {
                throw new IllegalArgumentException("VIF id " + vifId + ": control character, cannot mark a device with it");
            }
        }
        String alias = ALIAS_PREFIX + vifId;
        if (alias.getBytes(StandardCharsets.UTF_8).length > ALIAS_MAX_BYTES) {
            throw new IllegalArgumentException("VIF id " + vifId + ": longer than a device alias holds ("
                    + (ALIAS_MAX_BYTES - ALIAS_PREFIX.length()) + " bytes)");
        }
        return alias;
    }

    /** The VIF id a device alias marks it with, or empty when the alias (possibly null) is not jvif's mark. */
    public static Optional<String> ownerOfAlias(String alias) {
        if (alias == null || !alias.startsWith(ALIAS_PREFIX) || alias.length() == ALIAS_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(alias.substring(ALIAS_PREFIX.length()));
    }
}
