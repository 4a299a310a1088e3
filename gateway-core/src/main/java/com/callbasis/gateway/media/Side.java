package com.callbasis.gateway.media;

/**
 * Which side of the gateway a media endpoint faces: the caller (the inbound SIP leg, the telephony
 * platform's customer side) or the callee (the outbound leg, usually the agent). The recorder puts the
 * caller on the left channel and the callee on the right.
 */
public enum Side {
    CALLER,
    CALLEE;

    public Side other() {
        return this == CALLER ? CALLEE : CALLER;
    }
}
