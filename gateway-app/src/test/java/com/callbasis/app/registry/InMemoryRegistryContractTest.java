package com.callbasis.app.registry;

import com.callbasis.policy.InMemoryConsentRegistry;
import com.callbasis.policy.InMemoryObjectionRegistry;

/** The reference: the in-memory registries must pass the contract too, or the contract is wrong. */
class InMemoryRegistryContractTest extends RegistryContract {
    @Override
    void open() {
        consents = new InMemoryConsentRegistry();
        objections = new InMemoryObjectionRegistry();
    }
}
