package org.jvif.registry.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.backend.noop.internal.NoOpPlugin;

/**
 * The cost of routing a plug through the registry: plugs through noop from 1, 2 and 4 threads (each its own
 * VIF), against calling noop directly, with 20 other backends installed. Prints medians over the
 * repetitions and the bytes one plug allocates. With a file argument the durable record lives in that file
 * (two commits a plug: intent and outcome), else in memory; with a file, then also rounds of 1000 new VIFs
 * of a realistic size, as a platform's record grows. Run after
 * {@code mvn -q -B -pl bundles/core/registry -am test-compile}:
 * <pre>
 * java -cp bundles/core/registry/target/test-classes:bundles/core/registry/target/classes:\
 * bundles/core/api/target/classes:bundles/backends/noop/target/classes:$HOME/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar \
 * org.jvif.registry.internal.PlugBench [/tmp/record.mv.db]
 * </pre>
 */
public final class PlugBench {
    private static int CALLS = 2_000_000;
    private static final int REPS = 7;

    private PlugBench() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.jvif.audit").setLevel(java.util.logging.Level.WARNING);
        OsVifRegistry registry = new OsVifRegistry();
        if (args.length > 0) {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(args[0]));
            registry.open(java.nio.file.Path.of(args[0]), false);
            CALLS = 20_000;
        }
        System.out.println("record: " + registry.ledger.where());
        long id = 0;
        for (String name : List.of("noop", "ovs", "linux_bridge", "b03", "b04", "b05", "b06", "b07", "b08", "b09",
                "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20")) {
            Map<String, Object> p = new HashMap<>();
            p.put("service.id", ++id);
            p.put(VifPlugin.PLUGIN_NAME, name);
            registry.addPlugin(new NoOpPlugin(), p);
        }
        VifPlugin direct = new NoOpPlugin();
        System.out.printf("plug through noop, %d calls per thread, median of %d%n", CALLS, REPS);
        for (int threads : new int[] {1, 2, 4}) {
            double routed = median(threads, (vif, info) -> registry.plug(vif, info));
            double bare = median(threads, direct::plug);
            System.out.printf("threads=%d  registry %.1f ns  direct %.1f ns  (wall time per call of each thread)%n", threads, routed,
                    bare);
        }
        System.out.printf("allocated per registry plug: %.2f bytes%n", bytesPerPlug(registry));
        if (args.length > 0) {
            System.out.printf("record file after %d plugs: %d bytes%n", CALLS * (REPS * 7 + 1),
                    java.nio.file.Files.size(java.nio.file.Path.of(args[0])));
            manyVifs(registry, java.nio.file.Path.of(args[0]));
        }
        registry.deactivate();
    }

    /**
     * The record as a platform's grows: rounds of 1000 distinct VIFs with a network of two subnets (2.2 kB of
     * primitive), each plugged then unplugged (the unplugged stay in the record); CPU of the calling thread per
     * call, which does the record's commits.
     */
    private static void manyVifs(OsVifRegistry registry, java.nio.file.Path file) throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        InstanceInfo info = new InstanceInfo();
        info.setUuid("d5b67c48-0a05-4d6c-8a2e-7f1a3a2c1b11");
        for (int round = 0; round < 5; round++) {
            List<VIFBase> vifs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                vifs.add(networked());
            }
            long t0 = mx.getCurrentThreadCpuTime();
            for (VIFBase v : vifs) {
                registry.plug(v, info);
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (VIFBase v : vifs) {
                registry.unplug(v, info);
            }
            long t2 = mx.getCurrentThreadCpuTime();
            System.out.printf("1000 new VIFs, record of %d: CPU %.1f us a plug, %.1f us an unplug; file %d bytes%n",
                    registry.vifs().size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, java.nio.file.Files.size(file));
        }
    }

    private static VIFBase networked() {
        VIFBase v = new VIFBase();
        v.setId(java.util.UUID.randomUUID().toString());
        v.setPlugin("noop");
        v.setAddress("fa:16:3e:00:00:05");
        org.jvif.api.model.Network net = new org.jvif.api.model.Network();
        net.setId(java.util.UUID.randomUUID().toString());
        net.setBridge("br-int");
        net.setMtu(1450L);
        List<org.jvif.api.model.Subnet> subnets = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            org.jvif.api.model.Subnet subnet = new org.jvif.api.model.Subnet();
            subnet.setCidr("192.0." + s + ".0/24");
            org.jvif.api.model.FixedIP ip = new org.jvif.api.model.FixedIP();
            ip.setAddress("192.0." + s + ".10");
            subnet.setIps(new org.jvif.api.model.FixedIPList(List.of(ip)));
            subnets.add(subnet);
        }
        net.setSubnets(new org.jvif.api.model.SubnetList(subnets));
        v.setNetwork(net);
        return v;
    }

    interface Plug {
        void plug(VIFBase vif, InstanceInfo info) throws Exception;
    }

    private static double median(int threads, Plug plug) throws Exception {
        double[] perCall = new double[REPS];
        for (int r = 0; r < REPS; r++) {
            perCall[r] = run(threads, plug);
        }
        Arrays.sort(perCall);
        return perCall[REPS / 2];
    }

    /** Wall-clock ns per call, each thread plugging its own VIF. */
    private static double run(int threads, Plug plug) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String vifId = "1ce6394f-cfdb-4c77-818f-ccee8a1dcde" + t;
            Thread thread = new Thread(() -> {
                VIFBase vif = new VIFBase();
                vif.setId(vifId);
                vif.setPlugin("noop");
                InstanceInfo info = new InstanceInfo();
                try {
                    start.await();
                    for (int i = 0; i < CALLS; i++) {
                        plug.plug(vif, info);
                    }
                    end.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            all.add(thread);
        }
        start.await();
        long t0 = System.nanoTime();
        end.await();
        long elapsed = System.nanoTime() - t0;
        for (Thread t : all) {
            t.join();
        }
        return (double) elapsed / CALLS;
    }

    private static double bytesPerPlug(OsVifRegistry registry) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        VIFBase vif = new VIFBase();
        vif.setId("1ce6394f-cfdb-4c77-818f-ccee8a1dcdef");
        vif.setPlugin("noop");
        InstanceInfo info = new InstanceInfo();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < CALLS; i++) {
            registry.plug(vif, info);
        }
        return (double) (mx.getThreadAllocatedBytes(tid) - before) / CALLS;
    }
}
