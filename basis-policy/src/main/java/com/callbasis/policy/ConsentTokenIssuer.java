package com.callbasis.policy;

import java.security.Key;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * A platform trusted to capture consent and vouch for it in a signed token (an IVR, a CRM, a web
 * form's back end): its name, which is the token's {@code kid} and {@code iss}, the one algorithm and
 * key its tokens are checked with, the tenants it may speak for, and the longest a token may live.
 *
 * @param name the issuer's name; {@code kid} and {@code iss} of its tokens
 * @param algorithm {@code HS256} (shared secret) or {@code EdDSA} (Ed25519 public key)
 * @param key a {@link SecretKey} of at least 32 bytes for HS256, an Ed25519 {@link PublicKey} for EdDSA
 * @param tenants the tenants whose calls it may vouch for; empty: any tenant
 * @param maxLifetime the longest {@code exp - iat} accepted: a token carries consent into one call,
 *     consent that should outlive that belongs in the consent registry
 */
public record ConsentTokenIssuer(String name, Algorithm algorithm, Key key, Set<String> tenants, Duration maxLifetime) {
    /** The JWS algorithms accepted; never {@code none}, never chosen by the token. */
    public enum Algorithm {
        HS256("HmacSHA256"),
        EdDSA("Ed25519");

        final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }
    }

    public ConsentTokenIssuer {
        Objects.requireNonNull(name);
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(key);
        tenants = Set.copyOf(tenants);
        Objects.requireNonNull(maxLifetime);
        if (algorithm == Algorithm.HS256 && (!(key instanceof SecretKey) || key.getEncoded() == null
                || key.getEncoded().length < 32)) {
            throw new IllegalArgumentException("issuer " + name + ": HS256 needs a secret of at least 32 bytes");
        }
        if (algorithm == Algorithm.EdDSA && !(key instanceof PublicKey)) {
            throw new IllegalArgumentException("issuer " + name + ": EdDSA needs an Ed25519 public key");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("issuer " + name + ": maxLifetime must be positive");
        }
    }

    boolean speaksFor(String tenant) {
        return tenants.isEmpty() || tenants.contains(tenant);
    }
}
