package org.jvif.host.ovsdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An OVSDB connection string as Open vSwitch writes it: {@code tcp:IP[:PORT]}, {@code ssl:IP[:PORT]}
 * (IPv6 in brackets, e.g. {@code tcp:[::1]:6640}; the port defaults to 6640) or {@code unix:PATH}; lists of them
 * comma-separated ({@link #parseList}).
 */
public final class Remote {
    /** The IANA port of OVSDB, the default when a tcp/ssl remote names none. */
    public static final int DEFAULT_PORT = 6640;

    public enum Kind { TCP, SSL, UNIX }

    private final Kind kind;
    private final String host;
    private final int port;
    private final Path path;

    private Remote(Kind kind, String host, int port, Path path) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /** @throws IllegalArgumentException naming the connection string and what is wrong with it */
    public static Remote parse(String connection) {
        Objects.requireNonNull(connection, "connection");
        int colon = connection.indexOf(':');
        String method = colon < 0 ? connection : connection.substring(0, colon);
        String rest = colon < 0 ? "" : connection.substring(colon + 1);
        switch (method) {
            case "unix":
                if (rest.isEmpty() || rest.indexOf('\0') >= 0) {
                    throw bad(connection, "unix: needs a socket path");
                }
                return new Remote(Kind.UNIX, null, 0, Path.of(rest));
            case "tcp":
                return inet(Kind.TCP, connection, rest);
            case "ssl":
                return inet(Kind.SSL, connection, rest);
            default:
                throw bad(connection, "expected tcp:IP:PORT, ssl:IP:PORT or unix:PATH");
        }
    }

    /**
     * A list of remotes as Open vSwitch writes it, comma-separated (e.g. the members of a clustered database:
     * {@code ssl:10.0.0.1:6641,ssl:10.0.0.2:6641,ssl:10.0.0.3:6641}).
     *
     * @throws IllegalArgumentException naming the bad element
     */
    public static List<Remote> parseList(String connections) {
        Objects.requireNonNull(connections, "connection");
        List<Remote> out = new ArrayList<>();
        for (String c : connections.split(",", -1)) {
            out.add(parse(c.strip()));
        }
        return List.copyOf(out);
    }

    private static Remote inet(Kind kind, String connection, String rest) {
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(connection, "unterminated [IPv6 address]");
            }
            host = rest.substring(1, close);
            String tail = rest.substring(close + 1);
            if (!tail.isEmpty()) {
                if (!tail.startsWith(":")) {
                    throw bad(connection, "expected :PORT after ]");
                }
                port = tail.substring(1);
            }
        } else {
            int c = rest.indexOf(':');
            if (c >= 0 && rest.indexOf(':', c + 1) >= 0) {
                throw bad(connection, "IPv6 addresses must be written in brackets, e.g. tcp:[::1]:6640");
            }
            host = c < 0 ? rest : rest.substring(0, c);
            port = c < 0 ? null : rest.substring(c + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:%_-]+")) {
            throw bad(connection, "bad host '" + host + "'");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw bad(connection, "bad port '" + port + "'");
            }
        }
        return new Remote(kind, host, p, null);
    }

    private static IllegalArgumentException bad(String connection, String why) {
        return new IllegalArgumentException("bad OVSDB connection string '" + connection + "': " + why);
    }

    public Kind kind() {
        return kind;
    }

    /** Host or IP for tcp/ssl, else null. */
    public String host() {
        return host;
    }

    /** Port for tcp/ssl, else 0. */
    public int port() {
        return port;
    }

    /** Socket path for unix, else null. */
    public Path path() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Remote r && r.kind == kind && Objects.equals(r.host, host) && r.port == port
                && Objects.equals(r.path, path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, host, port, path);
    }

    /** The connection string, in OVS syntax. */
    @Override
    public String toString() {
        if (kind == Kind.UNIX) {
            return "unix:" + path;
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + h + ":" + port;
    }
}
