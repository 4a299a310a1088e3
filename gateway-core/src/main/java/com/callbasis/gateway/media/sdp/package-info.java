/**
 * Session descriptions (RFC 8866) and the rewriting the gateway applies to them when it anchors
 * media (RFC 3264 offer/answer). {@link com.callbasis.gateway.media.sdp.Sdp} parses and encodes,
 * keeping every line it does not interpret; {@link com.callbasis.gateway.media.sdp.SdpAnchor}
 * rewrites one leg's SDP; {@link com.callbasis.gateway.media.sdp.SdpTargets} says where a peer
 * wants its media.
 */
package com.callbasis.gateway.media.sdp;
