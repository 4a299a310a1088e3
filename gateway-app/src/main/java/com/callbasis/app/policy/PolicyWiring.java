package com.callbasis.app.policy;

import com.callbasis.config.ConsentTokenConfig;
import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.policy.ConsentRegistry;
import com.callbasis.policy.ConsentTokenIssuer;
import com.callbasis.policy.ConsentTokens;
import com.callbasis.policy.ObjectionRegistry;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.policy.Pseudonyms;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * How the application builds its policy engine from the gateway configuration: the file named by
 * {@code policy.file}, or the shipped example policy when none is named.
 */
public final class PolicyWiring {
    private PolicyWiring() {
    }

    /** The policy the configuration names, or the embedded example. */
    public static Policy policy(GatewayConfig config) throws ConfigException {
        return config.policyFile().isPresent() ? PolicyLoader.load(config.policyFile().get()) : PolicyLoader.loadExample();
    }

    /**
     * An engine over the configured policy. The registries are the persistent ones in production; the
     * key must be the same secret every run, or subject keys in the registries stop matching.
     */
    public static PolicyEngine engine(GatewayConfig config, ConsentRegistry consents, ObjectionRegistry objections, Pseudonyms key)
            throws ConfigException {
        return new PolicyEngine(policy(config), consents, objections, key, consentTokens(config.consentTokens()), Clock.systemUTC());
    }

    /** The configured consent-token issuers, as the engine checks them. */
    public static ConsentTokens consentTokens(ConsentTokenConfig c) {
        List<ConsentTokenIssuer> issuers = new ArrayList<>();
        for (ConsentTokenConfig.Issuer i : c.issuers()) {
            issuers.add(new ConsentTokenIssuer(i.name(), ConsentTokenIssuer.Algorithm.valueOf(i.algorithm()), i.key(), i.tenants(),
                    i.maxLifetime()));
        }
        return new ConsentTokens(issuers, c.clockSkew());
    }

    /**
     * For {@code policy explain|test --config}: the issuers of a gateway configuration, or none without
     * one. Null (after printing the problems) when the configuration is refused.
     */
    static ConsentTokens consentTokens(Path gatewayConfig, CommandLine cl) {
        if (gatewayConfig == null) {
            return ConsentTokens.NONE;
        }
        try {
            return consentTokens(GatewayConfigLoader.load(PolicyCommand.yamlFile(gatewayConfig, "configuration file", "gateway.yaml")).consentTokens());
        } catch (ConfigException e) {
            PolicyCommand.refused(cl, "configuration", e);
            return null;
        }
    }
}
