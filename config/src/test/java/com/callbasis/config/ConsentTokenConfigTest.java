package com.callbasis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy.consentTokens}: the issuers whose consent tokens count (issue 11, item 2). */
class ConsentTokenConfigTest {
    static final String SECRET = "kX9u2mQ4rT7wZ1bN5cV8eY3aL6hJ0pS2dF4gH7jK9lM1";
    @TempDir
    Path dir;
    KeyPair ivr;

    @BeforeEach
    void keys() throws Exception {
        Files.writeString(dir.resolve("crm.secret"), SECRET + "\n");
        Files.writeString(dir.resolve("short.secret"), "too short\n");
        ivr = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(dir.resolve("ivr.pub.pem"), pem("PUBLIC KEY", ivr.getPublic().getEncoded()));
        Files.writeString(dir.resolve("ivr.key.pem"), pem("PRIVATE KEY", ivr.getPrivate().getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    GatewayConfig load(String yaml) throws ConfigException {
        return GatewayConfigLoader.loadString(yaml + "sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 1}]}\n",
                "gw.yaml", dir);
    }

    @Test
    void withoutConfigurationNoIssuerIsTrusted() {
        assertThat(GatewayConfigLoader.loadDefault().consentTokens().issuers()).isEmpty();
    }

    @Test
    void issuersAreReadWithTheirKeysTenantsAndLifetimes() throws Exception {
        GatewayConfig c = load("""
                policy:
                  consentTokens:
                    clockSkew: 30s
                    issuers:
                      crm: {algorithm: HS256, secretFile: crm.secret, tenants: [acme]}
                      ivr: {algorithm: EdDSA, publicKey: ivr.pub.pem, maxLifetime: 10m}
                """);
        ConsentTokenConfig t = c.consentTokens();
        assertThat(t.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.issuers()).hasSize(2);
        ConsentTokenConfig.Issuer crm = t.issuers().get(0);
        assertThat(crm.name()).isEqualTo("crm");
        assertThat(crm.key()).isInstanceOf(SecretKey.class);
        assertThat(crm.key().getEncoded()).isEqualTo(SECRET.getBytes()); // the trimmed text is the key
        assertThat(crm.tenants()).containsExactly("acme");
        assertThat(crm.maxLifetime()).isEqualTo(ConsentTokenConfig.DEFAULT_LIFETIME);
        assertThat(crm.toString()).doesNotContain(SECRET);
        ConsentTokenConfig.Issuer i = t.issuers().get(1);
        assertThat(i.key()).isInstanceOf(PublicKey.class).isEqualTo(ivr.getPublic());
        assertThat(i.tenants()).isEmpty();
        assertThat(i.maxLifetime()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void badIssuersAreRefusedWithFileAndLineAndNeverEchoTheKey() {
        assertThatThrownBy(() -> load("""
                policy:
                  consentTokens:
                    issuers:
                      short: {algorithm: HS256, secretFile: short.secret}
                      private: {algorithm: EdDSA, publicKey: ivr.key.pem}
                      none: {algorithm: none, secretFile: crm.secret}
                      both: {algorithm: HS256, secretFile: crm.secret, publicKey: ivr.pub.pem}
                      missing: {algorithm: EdDSA, publicKey: nowhere.pem}
                      "bad name": {algorithm: HS256, secretFile: crm.secret}
                      nokey: {algorithm: HS256}
                """)).isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("gw.yaml:4: ").contains("fewer than 32 bytes of secret")
                            .contains("gw.yaml:5: ").contains("holds no Ed25519 public key in PEM")
                            .contains("gw.yaml:6: ").contains("algorithm must be HS256 or EdDSA, got 'none'")
                            .contains("gw.yaml:7: ").contains("publicKey does not go with algorithm HS256")
                            .contains("gw.yaml:8: ").contains("nowhere.pem is not readable")
                            .contains("gw.yaml:9: ").contains("issuer name 'bad name'")
                            .contains("gw.yaml:10: ").contains("secretFile: missing")
                            .doesNotContain("too short").doesNotContain(SECRET);
                });
    }
}
