package com.callbasis.app.policy;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.policy.ConsentRegistry;
import com.callbasis.policy.ObjectionRegistry;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.policy.Pseudonyms;

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
        return new PolicyEngine(policy(config), consents, objections, key);
    }
}
