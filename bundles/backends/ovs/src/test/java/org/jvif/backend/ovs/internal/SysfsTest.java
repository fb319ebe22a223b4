package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jvif.backend.ovs.internal.OvsExceptions.PciDeviceNotFoundById;
import org.jvif.backend.ovs.internal.OvsExceptions.RepresentorNotFound;
import org.jvif.host.netlink.testing.FakeSysfs;
import org.junit.jupiter.api.Test;

/** os-vif's linux_net representor lookups (its unit tests' cases) on fake sysfs trees. */
class SysfsTest {
    @Test
    void vfNumberAndPf() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:81:00.0", "enp129s0f0", "sw1", "p0")
                .vf("0000:81:00.0", 0, "0000:81:00.2").vf("0000:81:00.0", 3, "0000:81:00.5")) {
            Sysfs s = new Sysfs(fs.root);
            assertEquals("3", s.vfNumber("0000:81:00.5"));
            assertEquals("0", s.vfNumber("0000:81:00.2"));
            assertEquals("0000:81:00.0", s.pfPci("0000:81:00.5"));
            assertEquals("enp129s0f0", s.pfInterface("0000:81:00.5"));
            assertThrows(PciDeviceNotFoundById.class, () -> s.vfNumber("0000:81:00.7"));
            assertThrows(PciDeviceNotFoundById.class, () -> s.pfInterface("0000:82:00.1"));
        }
    }

    /** os-vif's test_get_representor_port: phys_port_name "1" (the PF's own), pf0vf1, pf0vf2. */
    @Test
    void representorByVfNumber() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:81:00.0", "pf_ifname", "pf_sw_id", "1")
                .netdev("rep_vf_1", "pf_sw_id", "pf0vf1").netdev("rep_vf_2", "pf_sw_id", "pf0vf2")
                .netdev("other_sw", "other", "pf0vf2")) {
            Sysfs s = new Sysfs(fs.root);
            assertEquals("rep_vf_2", s.representor("pf_ifname", "2"));
            assertThrows(RepresentorNotFound.class, () -> s.representor("pf_ifname", "3"));
        }
    }

    /** os-vif's test_get_representor_port_2_pfs: pfXvfY must name this PF's PCI function. */
    @Test
    void representorOfTheRightPf() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:81:00.1", "pf_ifname1", "sw", "p0")
                .pf("0000:81:00.2", "pf_ifname2", "sw", "p1")
                .netdev("rep_pf1_vf_2", "sw", "pf1vf2").netdev("rep_pf2_vf_2", "sw", "pf2vf2")
                .netdev("rep_vf19", "sw", "VF19@PF2")) {
            Sysfs s = new Sysfs(fs.root);
            assertEquals("rep_pf2_vf_2", s.representor("pf_ifname2", "2"));
            assertEquals("rep_pf1_vf_2", s.representor("pf_ifname1", "2"));
            assertEquals("rep_vf19", s.representor("pf_ifname2", "19"));
        }
    }

    /** An uplink representor (pN) is preferred; else the first netdev in switchdev mode. */
    @Test
    void pfInterfacePrefersTheUplink() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:03:00.0", "enp2s0f0", "sw", "p0").vf("0000:03:00.0", 1, "0000:03:00.3")) {
            // more netdevs under the PF: representors in switchdev mode and a legacy one
            fs.pf("0000:03:00.0", "enp2s0f0_0", "sw", "pf0vf0").pf("0000:03:00.0", "aaa_legacy", null, null);
            assertEquals("enp2s0f0", new Sysfs(fs.root).pfInterface("0000:03:00.3"));
        }
        try (FakeSysfs fs = new FakeSysfs().pf("0000:03:00.0", "enp2s0f0_1", "sw", "pf0vf1").vf("0000:03:00.0", 1, "0000:03:00.3")) {
            fs.pf("0000:03:00.0", "enp2s0f0_0", "sw", "pf0vf0");
            assertEquals("enp2s0f0_0", new Sysfs(fs.root).pfInterface("0000:03:00.3"));
        }
    }

    @Test
    void missingTreeIsNotFound() {
        try (FakeSysfs fs = new FakeSysfs()) {
            Sysfs s = new Sysfs(fs.root);
            assertThrows(RepresentorNotFound.class, () -> s.representor("nothing", "1"));
            assertThrows(PciDeviceNotFoundById.class, () -> s.pfPci("0000:00:00.1"));
        }
    }
}
