package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform as an unprivileged user (nobody) with only the capabilities the README names: it
 * plugs tap, linux_bridge and ovs VIFs in a network namespace the test makes, with CAP_NET_ADMIN
 * alone, access to /dev/net/tun and to the OVSDB socket (a private ovsdb-server and ovs-vswitchd,
 * run by root as on a real host). /dev/net/tun is a node of the test's own (a private mount
 * namespace per run), so the host's device is never touched and its mode on this machine does
 * not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeastPrivilegeIT {

    private static final int NOBODY = 65534;
    /** A uid with no passwd entry: some other user of the machine. */
    private static final int STRANGER = 65533;
    private static final Path OVS_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    /**
     * Runs "$@" as nobody with the capabilities in $1, inside a private mount namespace whose
     * /dev/net/tun is a fresh node owned by $TUN_OWNER.
     */
    private static final String AS_PLATFORM_USER = """
            caps=$1; shift
            mount -t tmpfs -o mode=0755 tmpfs "$DEV" && mknod -m 0600 "$DEV/tun" c 10 200 && chown "$TUN_OWNER" "$DEV/tun" \
              && mount --bind "$DEV/tun" /dev/net/tun || exit 99
            exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all$caps --ambient-caps=-all$caps \
              --bounding-set=-all$caps -- "$@"
            """;

    record Run(int status, String out, String err) {
    }

    private final String ns = "jvif-lp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private Path root;
    private Path home;
    private Path ovs;
    private boolean withOvs;

    @BeforeAll
    void setUp() throws Exception {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root to set the scene up");
        Path dist = Path.of(System.getProperty("jvif.dist", "target/jvif"));
        // under /tmp: nobody must reach bin/jvif, whatever the permissions of the build's folders
        root = Files.createTempDirectory(Path.of("/tmp"), "jvif-lp-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = root.resolve("jvif");
        sh("cp", "-a", dist.toString(), home.toString());
        Files.createDirectories(root.resolve("dev"));
        // the platform's code and configuration stay root's; what it writes is its own
        sh("chown", "-R", NOBODY + ":" + NOBODY, home.resolve("data").toString(), home.resolve("log").toString());

        sh("ip", "netns", "add", ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "link", "add", "jvif-uplink", "up", "type", "veth", "peer", "name", "jvif-uplink-p");
        sh("ip", "-n", ns, "link", "set", "jvif-uplink-p", "up");

        withOvs = Files.isExecutable(Path.of("/usr/sbin/ovs-vswitchd")) && Files.isRegularFile(OVS_SCHEMA);
        if (withOvs) {
            ovs = root.resolve("ovs");
            Files.createDirectories(ovs);
            Path sock = ovs.resolve("db.sock");
            sh("ovsdb-tool", "create", ovs.resolve("conf.db").toString(), OVS_SCHEMA.toString());
            sh("ip", "netns", "exec", ns, "ovsdb-server", ovs.resolve("conf.db").toString(), "--remote=punix:" + sock,
                    "--pidfile=" + ovs.resolve("ovsdb-server.pid"), "--unixctl=" + ovs.resolve("ovsdb-server.ctl"),
                    "--log-file=" + ovs.resolve("ovsdb-server.log"), "--detach");
            sh("ovs-vsctl", "--db=unix:" + sock, "--no-wait", "init");
            sh("ip", "netns", "exec", ns, "ovs-vswitchd", "unix:" + sock, "--pidfile=" + ovs.resolve("ovs-vswitchd.pid"),
                    "--unixctl=" + ovs.resolve("ovs-vswitchd.ctl"), "--log-file=" + ovs.resolve("ovs-vswitchd.log"), "--detach");
            // the one thing the platform's user needs of Open vSwitch: to connect to its socket
            sh("chown", NOBODY + ":" + NOBODY, sock.toString());
            Path cfg = home.resolve("etc/org.jvif.backend.ovs.cfg");
            Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^ovsdb_connection =.*$", "ovsdb_connection = unix:" + sock));
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        if (root == null) {
            return;
        }
        try {
            Path pid = home.resolve("data/jvif.pid");
            if (Files.exists(pid)) {
                long daemon = Long.parseLong(Files.readAllLines(pid).get(0));
                jvif("stop");
                ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
            }
        } finally {
            for (String daemon : List.of("ovs-vswitchd", "ovsdb-server")) {
                Path p = root.resolve("ovs/" + daemon + ".pid");
                if (Files.exists(p)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(p).strip())).ifPresent(h -> {
                        h.destroy();
                        h.onExit().join();
                    });
                }
            }
            run(List.of("ip", "netns", "del", ns), "");
            Main.deleteTree(root);
        }
    }

    @Test
    @Order(1)
    void withoutAccessToDevNetTunATapFailsNamingIt() throws Exception {
        assertTapRefused(",+net_admin", "0:0", "EACCES creating tap tap-demo-gen: opening /dev/net/tun: Permission denied");
    }

    @Test
    @Order(2)
    void withoutCapNetAdminNothingIsMade() throws Exception {
        assertTapRefused("", NOBODY + ":" + NOBODY, "EPERM creating tap tap-demo-gen: Operation not permitted");
    }

    /** A one-shot tap plug as nobody with these capabilities and /dev/net/tun owner fails with this error, leaving nothing. */
    private void assertTapRefused(String caps, String tunOwner, String error) throws Exception {
        Run r = asPlatformUser(caps, tunOwner, "vif:plug", "examples/tap-generic.json", "--instance", "examples/instance.json");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().endsWith("Got error: " + error + "\n"), r.err());
        assertEquals("[]", ipLink("tap-demo-gen"));
    }

    @Test
    @Order(3)
    void capNetAdminTunAndTheOvsdbSocketAreEnoughForTapLinuxBridgeAndOvs() throws Exception {
        // the background platform with the capabilities the shipped systemd unit gives it
        List<String> unit = Files.readAllLines(home.resolve("systemd/jvif.service"));
        String ambient = unit.stream().filter(l -> l.startsWith("AmbientCapabilities=")).findFirst().orElseThrow().substring(20);
        assertEquals("CAP_NET_ADMIN", ambient);
        assertTrue(unit.containsAll(List.of("CapabilityBoundingSet=CAP_NET_ADMIN", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "User=jvif")), unit.toString());
        Run start = asPlatformUser(",+" + ambient.substring(4).toLowerCase(), NOBODY + ":" + NOBODY, "start");
        assertEquals(0, start.status(), start.toString());
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        assertTrue(status.contains("CapEff:\t0000000000001000"), status.toString());
        assertTrue(status.stream().anyMatch(l -> l.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")), status.toString());

        List<String> examples = new ArrayList<>(List.of("tap-generic", "linux_bridge-bridge"));
        if (withOvs) {
            examples.add("ovs-openvswitch");
        }
        for (String example : examples) {
            // commands from root reach the platform of nobody too
            Run plug = jvif("vif:plug", "examples/" + example + ".json", "--instance", "examples/instance.json");
            assertEquals(0, plug.status(), example + ": " + plug);
        }
        // independent witnesses: the kernel and OVSDB
        assertTrue(ipLink("tap-demo-gen").contains("\"operstate\""), ipLink("tap-demo-gen"));
        assertTrue(ipLink("brq-demo").contains("\"info_kind\":\"bridge\""), ipLink("brq-demo"));
        assertTrue(ipLink("jvif-uplink").contains("\"master\":\"brq-demo\""), ipLink("jvif-uplink"));
        if (withOvs) {
            Run ports = run(List.of("ovs-vsctl", "--db=unix:" + ovs.resolve("db.sock"), "list-ports", "br-int"), "");
            assertEquals("tap-demo-ovs\n", ports.out(), ports.toString());
        }
        for (String example : examples) {
            Run unplug = jvif("vif:unplug", "examples/" + example + ".json", "--instance", "examples/instance.json");
            assertEquals(0, unplug.status(), example + ": " + unplug);
        }
        assertEquals("[]", ipLink("tap-demo-gen"));
    }

    @Test
    @Order(4)
    void anotherUserIsToldPermissionDenied() throws Exception {
        List<String> cmd = List.of("setpriv", "--reuid=" + STRANGER, "--regid=" + STRANGER, "--clear-groups",
                home.resolve("bin/jvif").toString(), "status");
        Run r = run(cmd, "");
        assertEquals(new Run(4, "", "jvif: permission denied: " + home.resolve("data") + " belongs to nobody; run bin/jvif as that user\n"), r);
        Run command = run(List.of("setpriv", "--reuid=" + STRANGER, "--regid=" + STRANGER, "--clear-groups",
                home.resolve("bin/jvif").toString(), "host-info"), "");
        assertEquals(1, command.status(), command.toString());
        assertTrue(command.err().startsWith("jvif: permission denied: "), command.err());
    }

    /** The devices of the test's namespace, as `ip -d -j link show NAME` sees them; "[]" when there is none. */
    private String ipLink(String name) throws Exception {
        Run r = run(List.of("ip", "-n", ns, "-d", "-j", "link", "show", name), "");
        return r.status() == 0 ? r.out().strip() : "[]";
    }

    private Run asPlatformUser(String caps, String tunOwner, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "unshare", "--mount", "--propagation", "private",
                "env", "DEV=" + root.resolve("dev"), "TUN_OWNER=" + tunOwner, "sh", "-c", AS_PLATFORM_USER, "sh", caps,
                home.resolve("bin/jvif").toString()));
        cmd.addAll(List.of(args));
        return run(cmd, "");
    }

    private Run jvif(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/jvif").toString()));
        cmd.addAll(List.of(args));
        return run(cmd, "");
    }

    private void sh(String... cmd) throws Exception {
        Run r = run(List.of(cmd), "");
        assertEquals(0, r.status(), String.join(" ", cmd) + ": " + r);
    }

    private Run run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(home != null && Files.isDirectory(home) ? home.toFile() : root.toFile()).start();
        CompletableFuture<byte[]> out = LauncherIT.drain(p.getInputStream());
        CompletableFuture<byte[]> err = LauncherIT.drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 90 s");
        }
        return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
    }
}
