package com.callbasis.config;

/**
 * Where and how the gateway anchors RTP.
 *
 * @param address IP the gateway advertises in SDP and binds RTP sockets to
 * @param portMin first port of the RTP range (even)
 * @param portMax last port of the RTP range
 * @param latching accept media from the first source that sends to a port instead of only from the
 *     address the peer announced in SDP; for peers behind NAT. Off by default: strict source
 *     validation is what stops RTP injection into recordings
 * @param threads relay event loops (0: one per available processor)
 */
public record MediaConfig(String address, int portMin, int portMax, boolean latching, int threads) {
    public MediaConfig(String address, int portMin, int portMax) {
        this(address, portMin, portMax, false, 0);
    }

    /** The number of relay threads to start. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public MediaConfig withPorts(int min, int max) {
        return new MediaConfig(address, min, max, latching, threads);
    }
}
