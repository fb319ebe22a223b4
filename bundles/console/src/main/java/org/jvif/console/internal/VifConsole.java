package org.jvif.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jvif.api.OsVif;
import org.jvif.api.OsVifException;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifRecord;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Json;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectException;

/**
 * The {@code vif:} commands, whatever the shell: each returns data ({@link Table}s, objects, JSON text)
 * and fails with a {@link CommandFailure} that reads as one line.
 */
public final class VifConsole {
    private final OsVif osVif;
    private final PluggedVifs pluggedVifs;

    /** {@code pluggedVifs} may be null where the platform keeps no bookkeeping. */
    public VifConsole(OsVif osVif, PluggedVifs pluggedVifs) {
        this.osVif = osVif;
        this.pluggedVifs = pluggedVifs;
    }

    /** {@code vif:plugins}: each backend with the VIF types and port profiles it describes. */
    public Table plugins() {
        Table t = new Table("PLUGIN", "VIF TYPES", "PORT PROFILES", "STATUS");
        HostInfo info = osVif.hostInfo();
        Map<String, String> outOfService = osVif.outOfService();
        for (HostPluginInfo p : info.getPluginInfo()) {
            String vifs = p.getVifInfo().stream().map(v -> v.getVifObjectName() + " " + range(v.getMinVersion(),
                    v.getMaxVersion())).collect(Collectors.joining(", "));
            String profiles = p.getVifInfo().stream().flatMap(v -> v.getSupportedPortProfiles().stream())
                    .map(HostPortProfileInfo::getProfileObjectName).distinct().collect(Collectors.joining(", "));
            t.row(p.getPluginName(), vifs, profiles, status(outOfService, p.getPluginName()));
        }
        return t;
    }

    /** {@code vif:types}: the object types installed now. */
    public Table types() {
        Table t = new Table("TYPE", "VERSION", "KIND", "PARENT");
        osVif.types().stream().sorted(Comparator.comparing(ObjectSchema::name))
                .forEach(s -> t.row(s.name(), s.version(), kind(s), s.parent() == null ? "" : s.parent().name()));
        return t;
    }

    private static String kind(ObjectSchema s) {
        if (s.isA("VIFBase")) {
            return "vif";
        } else if (s.isA("VIFPortProfileBase")) {
            return "port profile";
        } else if (s.isA("DatapathOffloadBase")) {
            return "datapath offload";
        } else if (s.isList()) {
            return "list";
        }
        return "object";
    }

    /** {@code vif:host-info}: os-vif's host_info(), as a table or as the os-vif primitive in JSON. */
    public Object hostInfo(boolean json, List<String> vifTypes) {
        HostInfo info = vifTypes == null || vifTypes.isEmpty() ? osVif.hostInfo() : osVif.hostInfo(vifTypes);
        if (json) {
            return info.toJson();
        }
        Table t = new Table("PLUGIN", "VIF TYPE", "VERSIONS", "PORT PROFILES", "STATUS");
        Map<String, String> outOfService = osVif.outOfService();
        for (HostPluginInfo p : info.getPluginInfo()) {
            for (HostVIFInfo v : p.getVifInfo()) {
                t.row(p.getPluginName(), v.getVifObjectName(), range(v.getMinVersion(), v.getMaxVersion()),
                        v.getSupportedPortProfiles().stream()
                                .map(pp -> pp.getProfileObjectName() + " " + range(pp.getMinVersion(), pp.getMaxVersion()))
                                .collect(Collectors.joining(", ")), status(outOfService, p.getPluginName()));
            }
        }
        return t;
    }

    /** A backend's state: why it is out of service (PID, key, value, reason), if it is. */
    private static String status(Map<String, String> outOfService, String plugin) {
        String reason = outOfService.get(plugin);
        return reason == null ? "in service" : "out of service: " + reason;
    }

    private static String range(String min, String max) {
        return min.equals(max) ? min : min + "-" + max;
    }

    /** {@code vif:plug}: plugs the VIF whose primitive {@code source} holds ("-" for stdin). */
    public String plug(String source, Path cwd, InputStream stdin, InstanceInfo instance) throws CommandFailure {
        return plug(readVif(source, cwd, stdin), instance);
    }

    private String plug(VIFBase vif, InstanceInfo instance) throws CommandFailure {
        long start = System.nanoTime();
        try {
            osVif.plug(vif, instance);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return Text.shown("Plugged " + describe(vif) + " in " + millis(System.nanoTime() - start));
    }

    /** {@code vif:unplug}: unplugs the VIF whose primitive {@code source} holds ("-" for stdin). */
    public String unplug(String source, Path cwd, InputStream stdin, InstanceInfo instance) throws CommandFailure {
        return unplug(readVif(source, cwd, stdin), instance);
    }

    private String unplug(VIFBase vif, InstanceInfo instance) throws CommandFailure {
        long start = System.nanoTime();
        try {
            osVif.unplug(vif, instance);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return Text.shown("Unplugged " + describe(vif) + " in " + millis(System.nanoTime() - start));
    }

    private static String describe(VIFBase vif) {
        Object name = vif.schema().field("vif_name") != null ? vif.get("vif_name") : null;
        return vif.objName() + " " + vif.getId() + (name != null ? " (" + name + ")" : "") + " through "
                + vif.getPlugin();
    }

    private static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    /**
     * {@code vif:examples}: plugs every VIF primitive of {@code dir} (its {@code instance.json} is the
     * InstanceInfo) whose backend is installed, shows host info and what was plugged, then unplugs them in
     * reverse order, printing as it goes.
     *
     * @throws CommandFailure when any plug or unplug failed (after unplugging what was plugged)
     */
    public String examples(Path dir, PrintStream out) throws CommandFailure {
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().equals("instance.json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new CommandFailure("Cannot list " + dir + ": " + e, e);
        }
        Path instanceFile = dir.resolve("instance.json");
        InstanceInfo instance = Files.exists(instanceFile) ? readInstance(instanceFile.toString(), dir, null)
                : new InstanceInfo();
        // each example read once: the object plugged is the one unplugged, as os-vif's caller holds it
        Deque<Map.Entry<String, VIFBase>> plugged = new ArrayDeque<>();
        int failed = 0;
        int skipped = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            VIFBase vif = readVif(f.toString(), dir, null);
            if (!osVif.plugins().contains(vif.getPlugin())) {
                out.println(Text.shown("skip   " + name + ": no backend " + vif.getPlugin() + " is installed"));
                skipped++;
                continue;
            }
            try {
                out.println("plug   " + Text.shown(name) + ": " + plug(vif, instance));
                plugged.push(Map.entry(name, vif));
            } catch (CommandFailure e) {
                out.println("FAILED " + Text.shown(name) + ": " + e.getMessage());
                failed++;
            }
        }
        out.println();
        out.print(hostInfo(false, null));
        if (pluggedVifs != null) {
            out.println();
            out.print(list());
        }
        out.println();
        while (!plugged.isEmpty()) {
            Map.Entry<String, VIFBase> p = plugged.pop();
            try {
                out.println("unplug " + Text.shown(p.getKey()) + ": " + unplug(p.getValue(), instance));
            } catch (CommandFailure e) {
                out.println("FAILED " + Text.shown(p.getKey()) + ": " + e.getMessage());
                failed++;
            }
        }
        out.flush();
        int ran = files.size() - skipped;
        if (failed > 0) {
            throw new CommandFailure(failed + " of " + ran + " examples failed", null);
        }
        return ran + " examples plugged and unplugged" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }

    /** The platform's examples/ folder (the launcher sets {@code jvif.home}). */
    public static Path defaultExamples() {
        return Path.of(System.getProperty("jvif.home", "."), "examples");
    }

    /** {@code vif:list}: what was plugged and unplugged through this platform since it started. */
    public Table list() throws CommandFailure {
        Table t = new Table("ID", "TYPE", "PLUGIN", "NAME", "STATE", "AT", "TOOK", "ERROR");
        for (VifRecord r : ledger().vifs()) {
            t.row(r.vifId(), r.vifType(), r.plugin(), r.vifName(), r.state(), r.at().truncatedTo(ChronoUnit.MILLIS),
                    millis(r.duration().toNanos()), errorSummary(r.error()));
        }
        return t;
    }

    /** The most of an error a table row shows. */
    static final int ERROR_CELL = 100;

    /**
     * An error as a table shows it: its first line, without the VIF's repr os-vif's PlugException and
     * UnplugException put in (the row names the VIF), cut to {@link #ERROR_CELL} characters.
     */
    static String errorSummary(String error) {
        if (error == null) {
            return null;
        }
        String s = error;
        for (String lead : List.of("Failed to plug VIF ", "Failed to unplug VIF ")) {
            int got = s.startsWith(lead) ? s.indexOf("). Got error: ", lead.length()) : -1;
            if (got > 0) {
                s = lead.substring(0, lead.length() - 1) + ": " + s.substring(got + "). Got error: ".length());
                break;
            }
        }
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl) + " ...";
        }
        return s.length() > ERROR_CELL ? s.substring(0, ERROR_CELL - 4) + " ..." : s;
    }

    /** The most of one line of a value {@code vif:show} prints: an error naming a big VIF tree fits. */
    static final int SHOW_LINE = 64 * 1024;

    /**
     * {@code vif:show}: one VIF's record and its primitive; the error whole, line by line (a line beyond
     * {@link #SHOW_LINE} characters shows its start and its length).
     */
    public String show(String vifId) throws CommandFailure {
        VifRecord r = ledger().vif(vifId)
                .orElseThrow(() -> new CommandFailure("No VIF " + vifId + " was plugged through this platform", null));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", r.vifId());
        fields.put("type", r.vifType());
        fields.put("plugin", r.plugin());
        fields.put("name", r.vifName());
        fields.put("instance", r.instanceUuid());
        fields.put("state", r.state());
        fields.put("at", r.at().truncatedTo(ChronoUnit.MILLIS));
        fields.put("took", millis(r.duration().toNanos()));
        fields.put("error", r.error());
        fields.put("primitive", r.primitive());
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            // each line of a value escaped on its own: the value's lines stay lines, indented under it
            String[] lines = String.valueOf(v == null ? "" : v).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                b.append(String.format("%-9s %s%n", i == 0 ? k : "", Text.shown(lines[i], SHOW_LINE)));
            }
        });
        return b.toString();
    }

    private PluggedVifs ledger() throws CommandFailure {
        if (pluggedVifs == null) {
            throw new CommandFailure("This platform keeps no record of plugged VIFs", null);
        }
        return pluggedVifs;
    }

    /**
     * {@code vif:objects}: reads JSON lines (a primitive, or {@code {"primitive": P, "target_version": V}})
     * and writes one line each, in input order: {@code {"primitive": P2}} or {@code {"error": {"type",
     * "message"}}}. A bad line (not JSON, not strict UTF-8, longer than {@link Utf8Lines#MAX_LINE} bytes)
     * never stops the stream. Lines are converted in batches on every core; a batch goes out as soon as the
     * input pauses, so a person typing sees each answer at once. Returns how many lines failed.
     */
    public int objects(InputStream in, PrintStream out) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
            Thread t = new Thread(r, "jvif-objects-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Deque<Future<ObjectsBatch>> pending = new ArrayDeque<>();
        int failed = 0;
        try {
            Utf8Lines lines = new Utf8Lines(in);
            ObjectsBatch batch = new ObjectsBatch(this);
            Utf8Lines.Line line;
            while ((line = lines.next()) != null) {
                batch.add(line);
                boolean pause = !lines.ready();
                if (batch.isFull() || (pause && !batch.isEmpty())) {
                    pending.add(pool.submit(batch));
                    batch = new ObjectsBatch(this);
                }
                // answers go out in input order as they are ready; at most two batches a core wait to be
                // written, so memory stays bounded whatever the input
                while (!pending.isEmpty() && (pending.peek().isDone() || pending.size() > 2 * cores)) {
                    failed += pending.poll().get().writeTo(out);
                }
                if (pause) {
                    // nothing to read now: write the answers while no more input comes (a pipe delivering
                    // in chunks keeps every core busy; a person typing sees each answer at once)
                    while (!pending.isEmpty() && !lines.ready()) {
                        try {
                            failed += pending.peek().get(PAUSE_MS, TimeUnit.MILLISECONDS).writeTo(out);
                            pending.poll();
                        } catch (TimeoutException stillWorking) {
                            // look at the input again
                        }
                    }
                    out.flush();
                }
            }
            if (!batch.isEmpty()) {
                pending.add(pool.submit(batch));
            }
            while (!pending.isEmpty()) {
                failed += pending.poll().get().writeTo(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
            out.flush();
        }
        return failed;
    }

    /** How often the input is looked at again while answers are awaited. */
    private static final long PAUSE_MS = 5;

    /** One line of {@code vif:objects} converted: the output line, without its newline. */
    String objectLine(Utf8Lines.Line line) {
        if (line.text == null) {
            return errorLine(line.errorType, line.error);
        }
        String fast = fastObjectLine(line.text);
        if (fast != null) {
            return fast;
        }
        try {
            return Json.write(Map.of("primitive", convert(Json.parse(line.text))));
        } catch (VersionedObjectException e) {
            return errorLine(e.type(), e.getMessage());
        } catch (RuntimeException e) {
            return errorLine(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    private static final String ENVELOPE = "{\"primitive\": ";
    private static final String TARGET = ", \"target_version\": \"";

    /**
     * The line through {@code fromJson}/{@code toJson} when it has the shape json.dumps writes (a primitive,
     * or the envelope with its keys in that order); null for any other shape and any error, which the
     * step-by-step path then answers, so both paths give the same line.
     */
    private String fastObjectLine(String text) {
        try {
            String target = null;
            String primitive;
            if (text.startsWith("{\"versioned_object.")) {
                primitive = text;
            } else if (text.startsWith(ENVELOPE) && text.endsWith("}")) {
                int close = text.length() - 1;
                int t = text.lastIndexOf(TARGET);
                if (t > 0 && text.charAt(close - 1) == '"' && plainVersion(text, t + TARGET.length(), close - 1)) {
                    target = text.substring(t + TARGET.length(), close - 1);
                    primitive = text.substring(ENVELOPE.length(), t);
                } else {
                    primitive = text.substring(ENVELOPE.length(), close);
                }
            } else {
                return null;
            }
            VersionedObject o = osVif.fromJson(primitive);
            String json = target == null ? o.toJson() : Json.write(osVif.toPrimitive(o, target));
            return new StringBuilder(json.length() + 15).append(ENVELOPE).append(json).append('}').toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A version's text in the envelope: digits and dots only, so it cannot hide a quote or an escape. */
    private static boolean plainVersion(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return to > from;
    }

    private Object convert(Object input) {
        String target = null;
        Object primitive = input;
        if (input instanceof Map && !((Map<?, ?>) input).containsKey("versioned_object.name")
                && ((Map<?, ?>) input).containsKey("primitive")) {
            Map<?, ?> request = (Map<?, ?>) input;
            primitive = request.get("primitive");
            Object v = request.get("target_version");
            if (v != null && !(v instanceof String)) {
                throw new VersionedObjectException.TypeError("target_version must be a string, not " + Json.write(v));
            }
            target = (String) v;
        }
        return osVif.toPrimitive(osVif.fromPrimitive(primitive), target);
    }

    private static String errorLine(String type, String message) {
        return Json.write(Map.of("error", error(type, Text.cut(message))));
    }

    private static Map<String, Object> error(String type, String message) {
        Map<String, Object> e = new LinkedHashMap<>(2);
        e.put("type", type);
        e.put("message", message);
        return e;
    }

    /** Reads an InstanceInfo primitive from a file. */
    public InstanceInfo readInstance(String source, Path cwd, InputStream stdin) throws CommandFailure {
        VersionedObject o = readObject(source, cwd, stdin);
        if (!(o instanceof InstanceInfo)) {
            throw new CommandFailure(source + " holds a " + o.objName() + ", not an InstanceInfo", null);
        }
        return (InstanceInfo) o;
    }

    /** An InstanceInfo from the command's options; fields left unset where no option was given. */
    public static InstanceInfo instance(String uuid, String name, String projectId) {
        InstanceInfo info = new InstanceInfo();
        if (uuid != null) {
            info.setUuid(uuid);
        }
        if (name != null) {
            info.setName(name);
        }
        if (projectId != null) {
            info.setProjectId(projectId);
        }
        return info;
    }

    /** The VIF a file or stdin ("-") holds, as {@code vif:plug} reads it. */
    public VIFBase readVif(String source, Path cwd, InputStream stdin) throws CommandFailure {
        VersionedObject o = readObject(source, cwd, stdin);
        if (!(o instanceof VIFBase)) {
            throw new CommandFailure(source + " holds a " + o.objName() + ", not a VIF", null);
        }
        return (VIFBase) o;
    }

    private VersionedObject readObject(String source, Path cwd, InputStream stdin) throws CommandFailure {
        String text = read(source, cwd, stdin);
        try {
            return osVif.fromJson(text);
        } catch (VersionedObjectException e) {
            throw new CommandFailure(e.type() + " reading " + source + ": " + e.getMessage(), e);
        }
    }

    /** The text of a file or of stdin ("-"): strict UTF-8, at most {@link Utf8Lines#MAX_LINE} bytes. */
    private static String read(String source, Path cwd, InputStream stdin) throws CommandFailure {
        byte[] bytes;
        try (InputStream in = "-".equals(source) ? null : Files.newInputStream(cwd.resolve(source))) {
            bytes = (in != null ? in : stdin).readNBytes(Utf8Lines.MAX_LINE + 1);
        } catch (IOException e) {
            throw new CommandFailure("Cannot read " + source + ": " + e, e);
        }
        if (bytes.length > Utf8Lines.MAX_LINE) {
            throw new CommandFailure("Cannot read " + source + ": longer than " + Utf8Lines.MAX_LINE
                    + " bytes, the most the console reads", null);
        }
        Utf8Lines.Line text = Utf8Lines.decode(bytes, bytes.length);
        if (text.text == null) {
            throw new CommandFailure(text.errorType + " reading " + source + ": " + text.error, null);
        }
        return text.text;
    }

    /** One line naming os-vif's error and what went wrong. */
    public static CommandFailure failure(Throwable e) {
        if (e instanceof OsVifException) {
            return new CommandFailure(((OsVifException) e).type() + ": " + e.getMessage(), e);
        } else if (e instanceof VersionedObjectException) {
            return new CommandFailure(((VersionedObjectException) e).type() + ": " + e.getMessage(), e);
        }
        return new CommandFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /** The names the completers offer. */
    public Collection<String> pluginNames() {
        return osVif.plugins();
    }

    public Collection<String> vifTypeNames() {
        return osVif.types().stream().filter(s -> s.isA("VIFBase")).map(ObjectSchema::name).sorted()
                .collect(Collectors.toList());
    }

    public Collection<String> vifIds() {
        return pluggedVifs == null ? List.of()
                : pluggedVifs.vifs().stream().map(VifRecord::vifId).collect(Collectors.toList());
    }
}
