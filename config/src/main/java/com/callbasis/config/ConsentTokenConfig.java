package com.callbasis.config;

import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The platforms whose signed consent tokens the policy engine accepts (docs/consent-tokens.md).
 * Empty by default: no token counts as consent until an issuer is configured.
 *
 * @param clockSkew how far the issuer's clock may be from ours when {@code iat} and {@code exp} are checked
 * @param issuers one entry per issuer (the token's {@code kid} and {@code iss})
 */
public record ConsentTokenConfig(Duration clockSkew, List<Issuer> issuers) {
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
    public static final ConsentTokenConfig NONE = new ConsentTokenConfig(DEFAULT_SKEW, List.of());

    public ConsentTokenConfig {
        issuers = List.copyOf(issuers);
    }

    /**
     * @param algorithm {@code HS256} or {@code EdDSA}
     * @param key the HMAC secret (read from {@code secretFile}) or the Ed25519 public key ({@code publicKey})
     * @param tenants the tenants it may vouch for; empty: every tenant
     * @param maxLifetime the longest {@code exp - iat} accepted
     */
    public record Issuer(String name, String algorithm, Key key, Set<String> tenants, Duration maxLifetime) {
        public Issuer {
            tenants = Set.copyOf(tenants);
        }

        @Override
        public String toString() { // never the key
            return "Issuer[" + name + ", " + algorithm + ", tenants=" + tenants + ", maxLifetime=" + maxLifetime + "]";
        }
    }
}
