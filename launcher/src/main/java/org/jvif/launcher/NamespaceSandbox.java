package org.jvif.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetNamespace;

/**
 * {@code --sandbox}: the platform runs on a thread inside a network namespace made for this run (so every
 * thread it starts is there too, and backends configured for "their own namespace" plug into it), with
 * what the examples need: the uplink {@value #UPLINK} and the lower device {@value #LOWER} (behind the PCI
 * address {@value #PCI_ADDRESS} of a sysfs tree of its own), and, when the machine has Open vSwitch, a
 * private ovsdb-server and ovs-vswitchd (userspace datapath) in a temporary folder inside the namespace.
 * Configurations come from etc/, with the sandbox's values on top, in a folder of the run. Everything is
 * removed afterwards, also on failure.
 */
final class NamespaceSandbox implements Sandbox {
    static final String UPLINK = "jvif-uplink";
    static final String LOWER = "jvif-lower";
    static final String PCI_ADDRESS = "0000:00:19.0";
    private static final Path OVS_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final Duration OVS_START = Duration.ofSeconds(20);

    private final Home home;
    private final PrintStream err;

    NamespaceSandbox(Home home, PrintStream err) {
        this.home = home;
        this.err = err;
    }

    @Override
    public int run(Settings settings, Body platform) throws Exception {
        String name = "jvif-sandbox-" + ProcessHandle.current().pid();
        Path dir = Files.createTempDirectory("jvif-sandbox-");
        List<Long> daemons = new ArrayList<>();
        Thread cleanup = new Thread(() -> tearDown(name, dir, daemons), "jvif-sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (NetNamespace ns = NetNamespace.create(name)) {
            ns.links().update("lo", LinkSettings.NONE.withUp(true));
            ns.links().createVethPair(UPLINK, LinkSettings.NONE.withUp(true), UPLINK + "-p", LinkSettings.NONE.withUp(true));
            ns.links().createVethPair(LOWER, LinkSettings.NONE.withUp(true), LOWER + "-p", LinkSettings.NONE.withUp(true));
            Path sysfs = dir.resolve("sys");
            Files.createDirectories(sysfs.resolve("bus/pci/devices/" + PCI_ADDRESS + "/net/" + LOWER));

            Map<String, Map<String, String>> overrides = new HashMap<>();
            overrides.put("org.jvif.backend.macvtap", Map.of("sysfs_root", sysfs.toString()));
            String ovsdb = ovs(ns, dir.resolve("ovs"), daemons);
            if (ovsdb != null) {
                overrides.put("org.jvif.backend.ovs", Map.of("ovsdb_connection", ovsdb));
            }
            Path etc = etc(dir.resolve("etc"), overrides);
            Map<String, String> framework = new HashMap<>(settings.framework());
            framework.put("felix.fileinstall.dir", home.deploy() + "," + etc);
            // the sandbox's VIFs live and die with it: never in the platform's own record
            framework.put("org.jvif.registry.record_file", dir.resolve("record.mv.db").toString());
            if (ovsdb == null) {
                err.println("jvif: sandbox: no Open vSwitch on this machine (openvswitch-switch); the ovs backend stays off");
                framework.put(Platform.SKIP_BUNDLES, "org.jvif.backend.ovs");
            }
            Settings sandboxed = settings.withFramework(framework);
            return ns.call(() -> {
                try {
                    return platform.run(sandboxed);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new SandboxFailure(e);
                }
            });
        } catch (SandboxFailure e) {
            throw (Exception) e.getCause();
        } finally {
            tearDown(name, dir, daemons);
            Main.unhook(cleanup);
        }
    }

    /** Carries a checked exception out of the namespace thread. */
    private static final class SandboxFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SandboxFailure(Exception cause) {
            super(cause);
        }
    }

    /**
     * Starts a private ovsdb-server and ovs-vswitchd in {@code dir}, inside the namespace (a process
     * started from its thread is born there), and makes the database's one Open_vSwitch row.
     *
     * @return the ovsdb_connection to reach it, or null when this machine has no Open vSwitch
     */
    private String ovs(NetNamespace ns, Path dir, List<Long> daemons) throws IOException, InterruptedException {
        Path server = executable("ovsdb-server");
        Path tool = executable("ovsdb-tool");
        Path vswitchd = executable("ovs-vswitchd");
        if (server == null || tool == null || vswitchd == null || !Files.isRegularFile(OVS_SCHEMA)) {
            return null;
        }
        Files.createDirectories(dir);
        Path db = dir.resolve("conf.db");
        Path sock = dir.resolve("db.sock");
        exec(ns, dir, List.of(tool.toString(), "create", db.toString(), OVS_SCHEMA.toString()));
        exec(ns, dir, List.of(server.toString(), db.toString(), "--remote=punix:" + sock,
                "--pidfile=" + dir.resolve("ovsdb-server.pid"), "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                "--log-file=" + dir.resolve("ovsdb-server.log"), "--detach"));
        daemons.add(pid(dir.resolve("ovsdb-server.pid")));
        initialize(sock);
        exec(ns, dir, List.of(vswitchd.toString(), "unix:" + sock, "--pidfile=" + dir.resolve("ovs-vswitchd.pid"),
                "--unixctl=" + dir.resolve("ovs-vswitchd.ctl"), "--log-file=" + dir.resolve("ovs-vswitchd.log"),
                "--detach"));
        daemons.add(pid(dir.resolve("ovs-vswitchd.pid")));
        return "unix:" + sock;
    }

    private static Path executable(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs a program to its end from the namespace's thread, with all Open vSwitch state in {@code dir}. */
    private void exec(NetNamespace ns, Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sandbox.log").toFile()));
        for (String v : List.of("OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR")) {
            pb.environment().put(v, dir.toString());
        }
        Process p = ns.call(() -> {
            try {
                return pb.start();
            } catch (IOException e) {
                throw new SandboxFailure(e);
            }
        });
        if (!p.waitFor(OVS_START.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("sandbox: " + Path.of(command.get(0)).getFileName() + " failed; see "
                    + dir.resolve("sandbox.log"));
        }
    }

    private static long pid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    /** The Open_vSwitch table's one row, which ovs-vswitchd and next_cfg waits need (RFC 7047 transact). */
    private static void initialize(Path sock) throws IOException {
        String request = "{\"id\":0,\"method\":\"transact\",\"params\":[\"Open_vSwitch\","
                + "{\"op\":\"insert\",\"table\":\"Open_vSwitch\",\"row\":{}}]}";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer reply = ByteBuffer.allocate(4096);
            StringBuilder text = new StringBuilder();
            while (!text.toString().contains("\"id\":0") && ch.read(reply) >= 0) {
                reply.flip();
                text.append(StandardCharsets.UTF_8.decode(reply));
                reply.clear();
            }
            if (text.indexOf("\"error\":null") < 0 || text.indexOf("\"uuid\"") < 0) {
                throw new IOException("sandbox: could not initialize the Open vSwitch database: " + text);
            }
        }
    }

    /** etc/'s configurations with the sandbox's values on top, in a folder of the run. */
    private Path etc(Path dir, Map<String, Map<String, String>> overrides) throws IOException {
        Files.createDirectories(dir);
        if (Files.isDirectory(home.etc())) {
            try (Stream<Path> files = Files.list(home.etc())) {
                for (Path f : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        for (Map.Entry<String, Map<String, String>> e : overrides.entrySet()) {
            Path cfg = dir.resolve(e.getKey() + ".cfg");
            Properties p = new Properties();
            if (Files.exists(cfg)) {
                try (Reader r = Files.newBufferedReader(cfg)) {
                    p.load(r);
                }
            }
            e.getValue().forEach(p::setProperty);
            try (Writer w = Files.newBufferedWriter(cfg)) {
                p.store(w, "jvif --sandbox");
            }
        }
        return dir;
    }

    /** Stops the private Open vSwitch, removes the namespace and the run's folder; idempotent. */
    private synchronized void tearDown(String name, Path dir, List<Long> daemons) {
        for (Long pid : daemons) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        daemons.clear();
        try {
            if (NetNamespace.exists(name)) {
                NetNamespace.delete(name);
            }
        } catch (RuntimeException e) {
            err.println("jvif: sandbox: could not remove network namespace " + name + ": " + e.getMessage());
        }
        Main.deleteTree(dir);
    }
}
