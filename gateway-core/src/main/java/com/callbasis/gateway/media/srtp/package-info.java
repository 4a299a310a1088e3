/**
 * SRTP termination (RFC 3711) keyed by SDP Security Descriptions (RFC 4568), on Jitsi's SRTP
 * implementation.
 *
 * <p>{@link com.callbasis.gateway.media.srtp.SdesCrypto} is one {@code a=crypto} attribute value;
 * {@link com.callbasis.gateway.media.srtp.SdesNegotiation} answers an offer and makes offers;
 * {@link com.callbasis.gateway.media.srtp.SrtpTransform} is the
 * {@link com.callbasis.gateway.media.PacketTransform} of one side of a stream. Key material lives in
 * {@link com.callbasis.gateway.media.srtp.SrtpMasterKey}, which never prints itself.
 *
 * <p>Not supported (refused with {@link com.callbasis.gateway.media.srtp.SdesException}): MKI in
 * packets (jitsi-srtp has no MKI field), several master keys per attribute (only the first is
 * used), key derivation rates other than zero ({@code KDR}), FEC ordering, and the
 * {@code UNENCRYPTED_*} / {@code UNAUTHENTICATED_SRTP} session parameters.
 */
package com.callbasis.gateway.media.srtp;
