package com.callbasis.api.auth;

import java.util.Set;

/**
 * Who is asking. {@code id} is pseudonymous (a user's or token's row id, or {@code oidc:} and a hash of
 * the issuer and subject), never a user name in clear: it is what audit events name as the actor.
 *
 * @param queues queues the principal is limited to within its tenants; empty means all queues
 */
public record Principal(String id, Kind kind, Role role, Set<String> tenants, Set<String> queues) {
    public enum Kind { USER, TOKEN, OIDC }

    public Principal {
        tenants = Set.copyOf(tenants);
        queues = Set.copyOf(queues);
    }

    public boolean seesTenant(String tenant) {
        return tenants.contains(tenant);
    }

    public boolean seesQueue(String queue) {
        return queues.isEmpty() || (queue != null && queues.contains(queue));
    }
}
