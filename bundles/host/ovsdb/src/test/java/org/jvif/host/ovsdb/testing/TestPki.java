package org.jvif.host.ovsdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away certificate authority in a directory of a fixture, made with openssl: {@code ca.crt}, and
 * for each name issued {@code NAME.key} (PKCS#8 PEM) and {@code NAME.crt} signed by the CA, with the
 * common name asked for (what ovsdb-server's RBAC takes as the client's identity).
 */
public final class TestPki {
    private final Path dir;

    /** A key and the certificate for it. */
    public record Identity(String commonName, Path privateKey, Path certificate) {
    }

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA in dir (created if missing). */
    public static TestPki create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OvsProcesses.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.crt").toString(), "-days", "2",
                "-subj", "/CN=jvif test CA");
        return new TestPki(dir);
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** Issues (or returns the already issued) key and certificate NAME.key / NAME.crt with the given common name. */
    public synchronized Identity issue(String name, String commonName) {
        Path key = dir.resolve(name + ".key");
        Path crt = dir.resolve(name + ".crt");
        if (!Files.exists(crt)) {
            String p = dir.toString() + "/";
            OvsProcesses.run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                    "-out", p + name + ".csr", "-subj", "/CN=" + commonName);
            OvsProcesses.run(dir, "openssl", "x509", "-req", "-in", p + name + ".csr", "-CA", p + "ca.crt", "-CAkey",
                    p + "ca.key", "-CAcreateserial", "-out", crt.toString(), "-days", "2");
        }
        return new Identity(commonName, key, crt);
    }

    /** The identity's key in traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as NAME-rsa.key. */
    public Path pkcs1(String name) {
        Path out = dir.resolve(name + "-rsa.key");
        OvsProcesses.run(dir, "openssl", "rsa", "-in", dir.resolve(name + ".key").toString(), "-traditional",
                "-out", out.toString());
        return out;
    }
}
