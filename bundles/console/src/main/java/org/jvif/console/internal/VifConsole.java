package org.jvif.console.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Table t = new Table("PLUGIN", "VIF TYPES", "PORT PROFILES");
        HostInfo info = osVif.hostInfo();
        for (HostPluginInfo p : info.getPluginInfo()) {
            String vifs = p.getVifInfo().stream().map(v -> v.getVifObjectName() + " " + range(v.getMinVersion(),
                    v.getMaxVersion())).collect(Collectors.joining(", "));
            String profiles = p.getVifInfo().stream().flatMap(v -> v.getSupportedPortProfiles().stream())
                    .map(HostPortProfileInfo::getProfileObjectName).distinct().collect(Collectors.joining(", "));
            t.row(p.getPluginName(), vifs, profiles);
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
        Table t = new Table("PLUGIN", "VIF TYPE", "VERSIONS", "PORT PROFILES");
        for (HostPluginInfo p : info.getPluginInfo()) {
            for (HostVIFInfo v : p.getVifInfo()) {
                t.row(p.getPluginName(), v.getVifObjectName(), range(v.getMinVersion(), v.getMaxVersion()),
                        v.getSupportedPortProfiles().stream()
                                .map(pp -> pp.getProfileObjectName() + " " + range(pp.getMinVersion(), pp.getMaxVersion()))
                                .collect(Collectors.joining(", ")));
            }
        }
        return t;
    }

    private static String range(String min, String max) {
        return min.equals(max) ? min : min + "-" + max;
    }

    /** {@code vif:plug}: plugs the VIF whose primitive {@code source} holds ("-" for stdin). */
    public String plug(String source, Path cwd, InputStream stdin, InstanceInfo instance) throws CommandFailure {
        VIFBase vif = readVif(source, cwd, stdin);
        long start = System.nanoTime();
        try {
            osVif.plug(vif, instance);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return "Plugged " + describe(vif) + " in " + millis(System.nanoTime() - start);
    }

    /** {@code vif:unplug}: unplugs the VIF whose primitive {@code source} holds ("-" for stdin). */
    public String unplug(String source, Path cwd, InputStream stdin, InstanceInfo instance) throws CommandFailure {
        VIFBase vif = readVif(source, cwd, stdin);
        long start = System.nanoTime();
        try {
            osVif.unplug(vif, instance);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return "Unplugged " + describe(vif) + " in " + millis(System.nanoTime() - start);
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
        java.util.Deque<Path> plugged = new java.util.ArrayDeque<>();
        int failed = 0;
        int skipped = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            VIFBase vif = readVif(f.toString(), dir, null);
            if (!osVif.plugins().contains(vif.getPlugin())) {
                out.println("skip   " + name + ": no backend " + vif.getPlugin() + " is installed");
                skipped++;
                continue;
            }
            try {
                out.println("plug   " + name + ": " + plug(f.toString(), dir, null, instance));
                plugged.push(f);
            } catch (CommandFailure e) {
                out.println("FAILED " + name + ": " + e.getMessage());
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
            Path f = plugged.pop();
            try {
                out.println("unplug " + f.getFileName() + ": " + unplug(f.toString(), dir, null, instance));
            } catch (CommandFailure e) {
                out.println("FAILED " + f.getFileName() + ": " + e.getMessage());
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
            t.row(r.vifId(), r.vifType(), r.plugin(), r.vifName(), r.state(), r.at(), millis(r.duration().toNanos()),
                    r.error());
        }
        return t;
    }

    /** {@code vif:show}: one VIF's record and its primitive. */
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
        fields.put("at", r.at());
        fields.put("took", millis(r.duration().toNanos()));
        fields.put("error", r.error());
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(String.format("%-9s %s%n", k, v == null ? "" : v)));
        return b.append(String.format("%-9s %s%n", "primitive", r.primitive())).toString();
    }

    private PluggedVifs ledger() throws CommandFailure {
        if (pluggedVifs == null) {
            throw new CommandFailure("This platform keeps no record of plugged VIFs", null);
        }
        return pluggedVifs;
    }

    /**
     * {@code vif:objects}: reads JSON lines (a primitive, or {@code {"primitive": P, "target_version": V}})
     * and writes one line each: {@code {"primitive": P2}} or {@code {"error": {"type", "message"}}}. A bad
     * line never stops the stream. Returns how many lines failed.
     */
    public int objects(InputStream in, PrintStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int failed = 0;
        StringBuilder line = new StringBuilder(8192);
        String text;
        while ((text = reader.readLine()) != null) {
            if (text.isBlank()) {
                continue;
            }
            line.setLength(0);
            Map<String, Object> result = new LinkedHashMap<>(2);
            try {
                result.put("primitive", convert(Json.parse(text)));
            } catch (VersionedObjectException e) {
                failed++;
                result.put("error", error(e.type(), e.getMessage()));
            } catch (RuntimeException e) {
                failed++;
                result.put("error", error(e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
            }
            Json.write(line, result);
            out.append(line).append('\n');
        }
        out.flush();
        return failed;
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

    private VIFBase readVif(String source, Path cwd, InputStream stdin) throws CommandFailure {
        VersionedObject o = readObject(source, cwd, stdin);
        if (!(o instanceof VIFBase)) {
            throw new CommandFailure(source + " holds a " + o.objName() + ", not a VIF", null);
        }
        return (VIFBase) o;
    }

    private VersionedObject readObject(String source, Path cwd, InputStream stdin) throws CommandFailure {
        String text;
        try {
            if ("-".equals(source)) {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                text = Files.readString(cwd.resolve(source));
            }
        } catch (IOException e) {
            throw new CommandFailure("Cannot read " + source + ": " + e, e);
        }
        try {
            return osVif.fromJson(text);
        } catch (VersionedObjectException e) {
            throw new CommandFailure(e.type() + " reading " + source + ": " + e.getMessage(), e);
        }
    }

    /** One line naming os-vif's error and what went wrong. */
    static CommandFailure failure(Throwable e) {
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
