package org.jvif.host.netlink;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Creates and deletes bridge + veth sets the way os-vif's hybrid plug does, in a fresh namespace, and
 * prints median milliseconds per set and per step. Run from the repository root:
 * {@code mvn -q -pl bundles/host/netlink test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.jvif.host.netlink.NetlinkBench} (optional {@code -Dsets=200 -Dwarmup=50}).
 */
public final class NetlinkBench {
    private static final String[] STEPS = {
        "bridge (attrs, mtu, up)", "sysctls (ipv6, arp)", "veth pair (mtu, up, promisc, master)", "delete both"};

    private NetlinkBench() {
    }

    public static void main(String[] args) {
        int sets = Integer.getInteger("sets", 200);
        int warmup = Integer.getInteger("warmup", 50);
        String name = TestNamespaces.uniqueName("bench");
        BridgeOptions bridge = BridgeOptions.DEFAULTS.withForwardDelay(Duration.ZERO).withStp(false)
                .withMulticastSnooping(false).withAgeingTime(Duration.ZERO);
        LinkSettings up = LinkSettings.NONE.withMtu(1450).withUp(true);
        long[][] steps = new long[STEPS.length][sets];
        long[] totals = new long[sets];
        NetNamespace namespace = NetNamespace.create(name);
        try {
            LinkManager links = namespace.links();
            for (int i = -warmup; i < sets; i++) {
                String qbr = "qbr" + (i + warmup);
                String qvb = "qvb" + (i + warmup);
                String qvo = "qvo" + (i + warmup);
                long t0 = System.nanoTime();
                links.createBridge(qbr, bridge, up);
                long t1 = System.nanoTime();
                links.disableIpv6(qbr);
                links.setArpFiltering(qbr);
                long t2 = System.nanoTime();
                links.createVethPair(qvb, up.withPromiscuous(true).withMaster(qbr), qvo, up.withPromiscuous(true));
                long t3 = System.nanoTime();
                links.delete(qvb);
                links.delete(qbr);
                long t4 = System.nanoTime();
                if (i >= 0) {
                    steps[0][i] = t1 - t0;
                    steps[1][i] = t2 - t1;
                    steps[2][i] = t3 - t2;
                    steps[3][i] = t4 - t3;
                    totals[i] = t4 - t0;
                }
            }
        } finally {
            TestNamespaces.remove(namespace, name);
        }
        System.out.printf(Locale.ROOT, "%d bridge+veth sets (after %d warm-up) in a fresh namespace%n", sets, warmup);
        System.out.printf(Locale.ROOT, "  %-40s median %7.3f ms  p90 %7.3f ms%n", "whole set", ms(totals, 50),
                ms(totals, 90));
        for (int s = 0; s < STEPS.length; s++) {
            System.out.printf(Locale.ROOT, "  %-40s median %7.3f ms  p90 %7.3f ms%n", STEPS[s], ms(steps[s], 50),
                    ms(steps[s], 90));
        }
    }

    private static double ms(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
