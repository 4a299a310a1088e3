package com.callbasis.config;

import com.callbasis.config.yaml.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads {@code policy.consentTokens}. Keys are read and checked here, so a wrong or unreadable key
 * file is refused at start with its {@code file:line} rather than turning every token away later.
 */
final class ConsentTokenConfigReader {
    static final int MIN_SECRET_BYTES = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PEM_PUBLIC = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private ConsentTokenConfigReader() {
    }

    static ConsentTokenConfig read(YamlNode node, Path base) {
        Map<String, YamlNode> e = node.entries(List.of("clockSkew", "issuers"));
        Duration skew = ConsentTokenConfig.DEFAULT_SKEW;
        if (e.containsKey("clockSkew")) {
            YamlNode n = e.get("clockSkew");
            Optional<Duration> d = n.duration();
            if (d.isPresent() && (d.get().isNegative() || d.get().compareTo(Duration.ofMinutes(10)) > 0)) {
                n.error("clockSkew must be between 0 and 10m");
            } else if (d.isPresent()) {
                skew = d.get();
            }
        }
        List<ConsentTokenConfig.Issuer> issuers = new ArrayList<>();
        if (e.containsKey("issuers")) {
            for (Map.Entry<String, YamlNode> i : e.get("issuers").entries().entrySet()) {
                issuer(i.getKey(), i.getValue(), base).ifPresent(issuers::add);
            }
        }
        return new ConsentTokenConfig(skew, issuers);
    }

    private static Optional<ConsentTokenConfig.Issuer> issuer(String name, YamlNode node, Path base) {
        if (!NAME.matcher(name).matches()) {
            node.error("issuer name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-' (it is the token's kid)");
            return Optional.empty();
        }
        Map<String, YamlNode> e = node.entries(List.of("algorithm", "secretFile", "publicKey", "tenants", "maxLifetime"));
        if (!e.containsKey("algorithm")) {
            node.error("algorithm: missing (HS256 or EdDSA)");
            return Optional.empty();
        }
        Optional<String> alg = e.get("algorithm").text();
        Key key = null;
        if (alg.isPresent() && alg.get().equals("HS256")) {
            key = keyFile(e, "secretFile", "publicKey", node, base, ConsentTokenConfigReader::secret,
                    "holds fewer than " + MIN_SECRET_BYTES + " bytes of secret (make one with: openssl rand -base64 48)");
        } else if (alg.isPresent() && alg.get().equals("EdDSA")) {
            key = keyFile(e, "publicKey", "secretFile", node, base, ConsentTokenConfigReader::ed25519,
                    "holds no Ed25519 public key in PEM (openssl pkey -in issuer.pem -pubout)");
        } else {
            e.get("algorithm").error("algorithm must be HS256 or EdDSA, got '" + alg.orElse("") + "'");
        }
        Set<String> tenants = new LinkedHashSet<>();
        if (e.containsKey("tenants")) {
            for (YamlNode t : e.get("tenants").items()) {
                t.nonEmptyText().ifPresent(tenants::add);
            }
        }
        Duration lifetime = ConsentTokenConfig.DEFAULT_LIFETIME;
        if (e.containsKey("maxLifetime")) {
            YamlNode n = e.get("maxLifetime");
            Optional<Duration> d = n.duration();
            if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
                n.error("maxLifetime must be positive");
            } else if (d.isPresent()) {
                lifetime = d.get();
            }
        }
        return key == null ? Optional.empty()
                : Optional.of(new ConsentTokenConfig.Issuer(name, alg.get(), key, tenants, lifetime));
    }

    /** Reads the key file {@code field} names; {@code other} is the other algorithm's field, refused. */
    private static Key keyFile(Map<String, YamlNode> e, String field, String other, YamlNode node, Path base,
            Function<byte[], Key> parser, String unusable) {
        if (e.containsKey(other)) {
            e.get(other).error(other + " does not go with algorithm " + e.get("algorithm").text().orElse(""));
        }
        if (!e.containsKey(field)) {
            node.error(field + ": missing (the file holding the issuer's key)");
            return null;
        }
        YamlNode n = e.get(field);
        Optional<Path> p = n.nonEmptyText().map(base::resolve);
        if (p.isEmpty()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p.get());
        } catch (IOException ex) {
            n.error("file " + p.get() + " is not readable");
            return null;
        }
        Key key = parser.apply(bytes);
        if (key == null) {
            n.error("file " + p.get() + " " + unusable); // says what is wrong, never what the file holds
        }
        return key;
    }

    /** The file's text, without surrounding white space, is the HMAC key: what both sides hold. */
    private static Key secret(byte[] bytes) {
        byte[] s = new String(bytes, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        return s.length < MIN_SECRET_BYTES ? null : new SecretKeySpec(s, "HmacSHA256");
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes it. */
    private static Key ed25519(byte[] bytes) {
        var m = PEM_PUBLIC.matcher(new String(bytes, StandardCharsets.US_ASCII));
        if (!m.find()) {
            return null;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException ex) {
            return null;
        }
    }
}
