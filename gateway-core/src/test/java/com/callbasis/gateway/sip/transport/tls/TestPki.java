package com.callbasis.gateway.sip.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests (Bouncy Castle): P-256 keys, PEM files in a folder,
 * valid from an hour ago for a day. Leaf certificates carry both serverAuth and clientAuth, so one
 * serves either side of a connection.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair key;
    private final X509Certificate cert;
    private final Path caPem;

    private TestPki(Path dir, String name, KeyPair key, X509Certificate cert, Path caPem) {
        this.dir = dir;
        this.name = name;
        this.key = key;
        this.cert = cert;
        this.caPem = caPem;
    }

    /** A new self-signed CA; its certificate is written to {@code dir/<name>-ca.pem}. */
    public static TestPki ca(String name, Path dir) throws IOException, GeneralSecurityException {
        KeyPair k = keyPair();
        X500Name subject = new X500Name("CN=" + name + " test CA");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(subject, subject, k);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(k.getPublic()));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        X509Certificate c = sign(b, k.getPrivate());
        Path pem = Files.writeString(dir.resolve(name + "-ca.pem"), pem(c));
        return new TestPki(dir, name, k, c, pem);
    }

    public Path caPem() {
        return caPem;
    }

    public X509Certificate caCertificate() {
        return cert;
    }

    /**
     * A leaf certificate with subject CN {@code cn} and the subjectAltNames {@code sans}, each written
     * {@code dns:host}, {@code ip:127.0.0.1} or {@code uri:sip:example.com}; none gives a certificate
     * without the extension. Files: {@code <name>.pem} (leaf, then this CA) and {@code <name>.key} (PKCS#8).
     */
    public Issued issue(String fileName, String cn, String... sans) throws IOException, GeneralSecurityException {
        KeyPair k = keyPair();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(new X500Name("CN=" + name + " test CA"), new X500Name("CN=" + cn), k);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(k.getPublic()));
            if (sans.length > 0) {
                b.addExtension(Extension.subjectAlternativeName, false, generalNames(sans));
            }
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        X509Certificate c = sign(b, key.getPrivate());
        Path certFile = Files.writeString(dir.resolve(fileName + ".pem"), pem(c) + pem(cert));
        Path keyFile = Files.writeString(dir.resolve(fileName + ".key"), pkcs8(k.getPrivate()));
        return new Issued(c, k.getPrivate(), certFile, keyFile);
    }

    /** An issued certificate and where its PEM files are (a class, not a record: it holds a private key). */
    public static final class Issued {
        private final X509Certificate certificate;
        private final PrivateKey key;
        private final Path certificateFile;
        private final Path keyFile;

        Issued(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
            this.certificate = certificate;
            this.key = key;
            this.certificateFile = certificateFile;
            this.keyFile = keyFile;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        public PrivateKey key() {
            return key;
        }

        /** Leaf then CA, PEM. */
        public Path certificateFile() {
            return certificateFile;
        }

        /** PKCS#8 PEM. */
        public Path keyFile() {
            return keyFile;
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private static GeneralNames generalNames(String... sans) {
        List<GeneralName> out = new ArrayList<>();
        for (String s : sans) {
            int colon = s.indexOf(':');
            String kind = s.substring(0, colon);
            String v = s.substring(colon + 1);
            out.add(switch (kind) {
                case "dns" -> new GeneralName(GeneralName.dNSName, v);
                case "ip" -> new GeneralName(GeneralName.iPAddress, v);
                case "uri" -> new GeneralName(GeneralName.uniformResourceIdentifier, v);
                default -> throw new IllegalArgumentException("SAN kind " + kind);
            });
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair k) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, k.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(X509Certificate c) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(c);
        }
        return w.toString();
    }

    private static String pkcs8(PrivateKey k) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }
}
