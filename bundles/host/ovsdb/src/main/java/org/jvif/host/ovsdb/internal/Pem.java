package org.jvif.host.ovsdb.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jvif.host.ovsdb.OvsdbException;

/**
 * The PEM files Open vSwitch is configured with (private key, certificate, CA certificate) turned into an
 * {@link SSLContext}. Like OVS, the peer is authenticated by its CA alone, not by host name.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private Pem() {
    }

    /** @throws OvsdbException naming the file that could not be used and why */
    static SSLContext sslContext(Path privateKey, Path certificate, Path caCertificate) {
        try {
            PrivateKey key = privateKey(privateKey);
            List<Certificate> chain = certificates(certificate);
            List<Certificate> cas = certificates(caCertificate);
            char[] password = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try {
                ks.setKeyEntry("key", key, password, chain.toArray(new Certificate[0]));
            } catch (GeneralSecurityException e) {
                throw new OvsdbException("private key " + privateKey + " does not fit certificate " + certificate + ": " + e.getMessage(), e);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ts.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new OvsdbException("cannot set up SSL: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) throws IOException {
        for (String[] block : blocks(file)) {
            byte[] der = Base64.getMimeDecoder().decode(block[1]);
            switch (block[0]) {
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                case "RSA PRIVATE KEY":
                    return pkcs8(file, wrapPkcs1(der));
                case "ENCRYPTED PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new OvsdbException(file + ": " + block[0] + " is not supported; convert it to an unencrypted "
                            + "PKCS#8 key with 'openssl pkcs8 -topk8 -nocrypt'");
                default:
                    break;
            }
        }
        throw new OvsdbException(file + ": no PEM private key found");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new OvsdbException(file + ": unsupported or malformed private key");
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            out[i] = (byte) n;
            n >>>= 8;
        }
        return out;
    }

    static List<Certificate> certificates(Path file) throws IOException {
        List<Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String[] block : blocks(file)) {
                if (block[0].equals("CERTIFICATE")) {
                    certs.add(cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(block[1]))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new OvsdbException(file + ": malformed certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new OvsdbException(file + ": no PEM certificate found");
        }
        return certs;
    }

    private static List<String[]> blocks(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }
}
