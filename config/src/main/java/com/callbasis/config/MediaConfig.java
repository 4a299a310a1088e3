package com.callbasis.config;

/**
 * Where the gateway anchors RTP.
 *
 * @param address IP the gateway advertises in SDP and binds RTP sockets to
 * @param portMin first port of the RTP range (even)
 * @param portMax last port of the RTP range
 */
public record MediaConfig(String address, int portMin, int portMax) {
}
