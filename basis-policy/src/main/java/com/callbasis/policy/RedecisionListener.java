package com.callbasis.policy;

/**
 * Told when a running call gets a new decision because consent was withdrawn or an objection arrived
 * during it. The gateway stops recording from that moment; what was recorded before stays lawful
 * (withdrawal is not retroactive, Art. 7(3)) and stays under the previous decision.
 */
@FunctionalInterface
public interface RedecisionListener {
    void redecided(String callId, Decision previous, Decision next);
}
