package com.callbasis.app.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.policy.InMemoryConsentRegistry;
import com.callbasis.policy.InMemoryObjectionRegistry;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.policy.PseudonymKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyWiringTest {
    @Test
    void embeddedDefaultConfigurationUsesTheExamplePolicy() throws Exception {
        GatewayConfig cfg = GatewayConfigLoader.loadDefault();
        if (cfg.policyFile().isEmpty()) {
            PolicyEngine engine = PolicyWiring.engine(cfg, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(),
                    PseudonymKey.random());
            assertThat(engine.policy().digest()).isEqualTo(PolicyLoader.loadExample().digest());
            assertThat(engine.lastLoaded().source()).isEqualTo(PolicyLoader.EXAMPLE);
        } else {
            assertThat(PolicyWiring.policy(cfg).ruleIds()).isNotEmpty();
        }
    }

    @Test
    void aConfiguredPolicyFileIsLoadedAndABadOneRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "version: 1\nrules:\n  - {id: none, record: false}\n");
        String gateway;
        try (var in = GatewayConfigLoader.class.getResourceAsStream("default-gateway.yaml")) {
            gateway = new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\npolicy:\n  file: p.yaml\n";
        }
        GatewayConfig withFile = GatewayConfigLoader.loadString(gateway, "gateway.yaml", dir);
        assertThat(PolicyWiring.policy(withFile).ruleIds()).containsExactly("none");

        Files.writeString(file, "version: 1\nrules:\n  - {id: bad, record: true, basis: public_task}\n");
        assertThatThrownBy(() -> PolicyWiring.policy(withFile)).isInstanceOf(ConfigException.class).hasMessageContaining(": bad: ");
    }
}
