package com.callbasis.gateway.media.srtp;

import com.callbasis.gateway.media.PacketTransform;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP/SRTCP (RFC 3711) for one side of a stream, keyed by SDES (RFC 4568 s.5.1.2): what the peer
 * sends is unprotected with the peer's key, what we send is protected with ours. Backed by
 * jitsi-srtp, which does the RFC 3711 s.4.3 key derivation, AES-CM or AES-GCM (RFC 7714),
 * HMAC-SHA1, the ROC estimate (s.3.3.1) and the 64-packet replay list (s.3.3.2).
 *
 * <p>Per SSRC state (s.3.2.3): each SSRC seen gets its own context from the same master key; a
 * peer's context is kept only once one of its packets authenticated, so forged packets with new
 * SSRCs leave no state behind. The rollover counter of a new SSRC starts at 0 (SDES cannot signal
 * another).
 *
 * <p>Replay: received SRTP and SRTCP packets seen before, or older than the 64-packet window, are
 * refused. Sending refuses to encrypt an index it already used (keystream reuse), which happens when
 * a forwarded stream's sequence numbers go back by up to 32767 without an SSRC change.
 *
 * <p>Key lifetime (RFC 4568 s.6.1): once a master key has protected (or, for the peer's, unprotected)
 * as many SRTP packets as its lifetime, or as many SRTCP packets (at most 2^31, RFC 3711 s.9.2),
 * further packets are refused; re-keying is the signalling layer's job.
 *
 * <p>Not thread-safe: one event loop calls it (see {@link PacketTransform}).
 */
public final class SrtpTransform implements PacketTransform, AutoCloseable {
    /** SSRCs remembered per direction and protocol; a call has a few, forwarding after forks a few more. */
    static final int MAX_SSRCS = 32;
    /** RFC 3711 s.9.2: SRTCP index is 31 bits. */
    static final long MAX_SRTCP_PACKETS = 1L << 31;
    /** RFC 3711 s.9.2: 2^48 SRTP packets per master key. */
    static final long MAX_SRTP_PACKETS = 1L << 48;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final Logger LOG = LoggerFactory.getLogger(SrtpTransform.class);
    private static final JitsiLogger JITSI_LOG = new JitsiLogger(SrtpTransform.class.getName() + ".jitsi");

    private final SrtpSuite sendSuite;
    private final SrtpSuite recvSuite;
    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final SsrcContexts<SrtpCryptoContext> sendRtp = new SsrcContexts<>(MAX_SSRCS);
    private final SsrcContexts<SrtpCryptoContext> recvRtp = new SsrcContexts<>(MAX_SSRCS);
    private final SsrcContexts<SrtcpCryptoContext> sendRtcp = new SsrcContexts<>(MAX_SSRCS);
    private final SsrcContexts<SrtcpCryptoContext> recvRtcp = new SsrcContexts<>(MAX_SSRCS);
    private final PacketView view = new PacketView();
    /**
     * A peer context not yet bound to an SSRC, tried on packets from unknown SSRCs. Deriving one
     * costs about 18 us, so forged packets with ever new SSRCs would otherwise be cheap to send and
     * dear to refuse. Reusable after a refusal because jitsi changes a context's state only for a
     * packet that authenticated (and undoes its first-sequence-number guess otherwise); dropped
     * after an exception, where that is not certain. The SSRC it was derived for is only used in
     * jitsi's log lines.
     */
    private SrtpCryptoContext rtpProbe;
    private SrtcpCryptoContext rtcpProbe;
    private final long sendRtpLimit;
    private final long sendRtcpLimit;
    private final long recvRtpLimit;
    private final long recvRtcpLimit;
    private long sentRtp;
    private long sentRtcp;
    private long receivedRtp;
    private long receivedRtcp;
    private boolean closed;

    /**
     * @param local our key (the one in our SDP): protects what we send
     * @param remote the peer's key (from its SDP): unprotects what it sends
     * @throws SdesException if either key carries an MKI (jitsi-srtp cannot write or strip one)
     */
    public SrtpTransform(SdesCrypto local, SdesCrypto remote) {
        requireNoMki(local, "our");
        requireNoMki(remote, "the peer's");
        sendSuite = local.suite();
        recvSuite = remote.suite();
        sendRtpLimit = local.lifetime().orElse(MAX_SRTP_PACKETS);
        sendRtcpLimit = Math.min(local.lifetime().orElse(MAX_SRTCP_PACKETS), MAX_SRTCP_PACKETS);
        recvRtpLimit = remote.lifetime().orElse(MAX_SRTP_PACKETS);
        recvRtcpLimit = Math.min(remote.lifetime().orElse(MAX_SRTCP_PACKETS), MAX_SRTCP_PACKETS);
        sender = factory(true, local);
        receiver = factory(false, remote);
    }

    private static void requireNoMki(SdesCrypto c, String whose) {
        if (c.hasMki()) {
            throw new SdesException(whose + " key uses an MKI, which jitsi-srtp does not support");
        }
    }

    private static SrtpContextFactory factory(boolean sending, SdesCrypto c) {
        byte[] key = c.masterKey().key();
        byte[] salt = c.masterKey().salt();
        try {
            // The factory keeps its own copies, wiped by close().
            return new SrtpContextFactory(sending, key, salt, c.suite().srtpPolicy(), c.suite().srtcpPolicy(),
                    JITSI_LOG);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    /**
     * Does jitsi-srtp's one-time set-up now: loading its OpenSSL binding and timing the AES
     * implementations to pick the fastest (about two seconds on a small machine). Without this the
     * first SRTP packet of the process pays it on an event loop. Call once at start-up, on any
     * thread; later calls are cheap.
     */
    public static void preload() {
        SecureRandom random = new SecureRandom();
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AEAD_AES_128_GCM}) {
            SdesCrypto k = SdesCrypto.generate(0, suite, random);
            try (SrtpTransform t = new SrtpTransform(k, k)) {
                ByteBuf p = Unpooled.buffer(64).writeByte(0x80).writeZero(11 + 20);
                ByteBuf out = t.protectRtp(p);
                if (out != null) {
                    out.release();
                }
            } finally {
                k.masterKey().destroy();
            }
        }
    }

    @Override
    public boolean unprotectRtp(ByteBuf packet) {
        if (closed || packet.readableBytes() < RTP_HEADER + recvSuite.rtpTagLength() || !isVersion2(packet)
                || receivedRtp >= recvRtpLimit) {
            return false;
        }
        int ssrc = packet.getInt(packet.readerIndex() + 8);
        SrtpCryptoContext ctx = recvRtp.get(ssrc);
        boolean fresh = ctx == null;
        try {
            if (fresh) {
                if (rtpProbe == null) {
                    rtpProbe = receiver.deriveContext(ssrc, 0);
                }
                ctx = rtpProbe;
            }
            // GCM decrypts in place before it knows the tag is good; copy so a forgery leaves the
            // buffer untouched. HMAC suites authenticate first, so they can work in place.
            view.load(packet, recvSuite.isAead());
            SrtpErrorStatus status = ctx.reverseTransformPacket(view, false);
            if (status != SrtpErrorStatus.OK) {
                LOG.debug("SRTP packet refused: {} (ssrc {})", status, Integer.toUnsignedString(ssrc));
                return false;
            }
            view.storeInto(packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTP unprotect failed (ssrc {}): {}", Integer.toUnsignedString(ssrc), e.toString());
            if (fresh) {
                rtpProbe = null;
            }
            return false;
        } finally {
            view.clear();
        }
        if (fresh) {
            recvRtp.put(ssrc, ctx);
            rtpProbe = null;
        }
        receivedRtp++;
        return true;
    }

    @Override
    public boolean unprotectRtcp(ByteBuf packet) {
        if (closed || packet.readableBytes() < RTCP_HEADER + recvSuite.rtcpOverhead() || !isVersion2(packet)
                || receivedRtcp >= recvRtcpLimit) {
            return false;
        }
        int ssrc = packet.getInt(packet.readerIndex() + 4);
        SrtcpCryptoContext ctx = recvRtcp.get(ssrc);
        boolean fresh = ctx == null;
        try {
            if (fresh) {
                if (rtcpProbe == null) {
                    rtcpProbe = receiver.deriveControlContext(ssrc);
                }
                ctx = rtcpProbe;
            }
            view.load(packet, recvSuite.isAead());
            SrtpErrorStatus status = ctx.reverseTransformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                LOG.debug("SRTCP packet refused: {} (ssrc {})", status, Integer.toUnsignedString(ssrc));
                return false;
            }
            view.storeInto(packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTCP unprotect failed (ssrc {}): {}", Integer.toUnsignedString(ssrc), e.toString());
            if (fresh) {
                rtcpProbe = null;
            }
            return false;
        } finally {
            view.clear();
        }
        if (fresh) {
            recvRtcp.put(ssrc, ctx);
            rtcpProbe = null;
        }
        receivedRtcp++;
        return true;
    }

    @Override
    public ByteBuf protectRtp(ByteBuf packet) {
        if (closed || !isPlainRtp(packet) || sentRtp >= sendRtpLimit) {
            packet.release();
            return null;
        }
        ByteBuf out = null;
        try {
            out = withRoom(packet, sendSuite.rtpTagLength());
            int ssrc = out.getInt(out.readerIndex() + 8);
            SrtpCryptoContext ctx = sendRtp.get(ssrc);
            if (ctx == null) {
                ctx = sender.deriveContext(ssrc, 0);
                sendRtp.put(ssrc, ctx);
            }
            view.load(out, false);
            SrtpErrorStatus status = ctx.transformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                LOG.debug("SRTP protect refused: {} (ssrc {})", status, Integer.toUnsignedString(ssrc));
                out.release();
                return null;
            }
            view.storeInto(out);
            sentRtp++;
            return out;
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTP protect failed: {}", e.toString());
            (out != null ? out : packet).release();
            return null;
        } finally {
            view.clear();
        }
    }

    @Override
    public ByteBuf protectRtcp(ByteBuf packet) {
        if (closed || packet.readableBytes() < RTCP_HEADER || !isVersion2(packet) || sentRtcp >= sendRtcpLimit) {
            packet.release();
            return null;
        }
        ByteBuf out = null;
        try {
            out = withRoom(packet, sendSuite.rtcpOverhead());
            int ssrc = out.getInt(out.readerIndex() + 4);
            SrtcpCryptoContext ctx = sendRtcp.get(ssrc);
            if (ctx == null) {
                ctx = sender.deriveControlContext(ssrc);
                sendRtcp.put(ssrc, ctx);
            }
            view.load(out, false);
            SrtpErrorStatus status = ctx.transformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                LOG.debug("SRTCP protect refused: {} (ssrc {})", status, Integer.toUnsignedString(ssrc));
                out.release();
                return null;
            }
            view.storeInto(out);
            sentRtcp++;
            return out;
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SRTCP protect failed: {}", e.toString());
            (out != null ? out : packet).release();
            return null;
        } finally {
            view.clear();
        }
    }

    /**
     * Wipes the master keys and forgets every context; later calls refuse every packet. The derived
     * session keys inside jitsi's ciphers cannot be wiped and go with the garbage collector.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rtpProbe = null;
        rtcpProbe = null;
        sender.close();
        receiver.close();
        sendRtp.clear();
        recvRtp.clear();
        sendRtcp.clear();
        recvRtcp.clear();
    }

    /** How many peer SSRCs have an RTP context (for tests: forged packets must not add any). */
    int receivingRtpContexts() {
        return recvRtp.size();
    }

    /**
     * Returns {@code packet} with {@code extra} writable bytes, grown in place if it may be, else a
     * copy (and {@code packet} released), as {@link PacketTransform#protectRtp} allows.
     */
    private static ByteBuf withRoom(ByteBuf packet, int extra) {
        if (!packet.isReadOnly()) {
            if (packet.writableBytes() >= extra) {
                return packet;
            }
            if (packet.maxWritableBytes() >= extra) {
                packet.ensureWritable(extra);
                return packet;
            }
        }
        int len = packet.readableBytes();
        ByteBuf copy = packet.alloc().buffer(len + extra);
        copy.writeBytes(packet, packet.readerIndex(), len);
        packet.release();
        return copy;
    }

    private static boolean isVersion2(ByteBuf b) {
        return (b.getUnsignedByte(b.readerIndex()) >>> 6) == 2;
    }

    /** RFC 3550 s.5.1 header (CSRCs, extension) fits in the packet, so jitsi finds the payload. */
    private static boolean isPlainRtp(ByteBuf b) {
        int len = b.readableBytes();
        if (len < RTP_HEADER || !isVersion2(b)) {
            return false;
        }
        int ri = b.readerIndex();
        int first = b.getUnsignedByte(ri);
        int header = RTP_HEADER + (first & 0x0f) * 4;
        if ((first & 0x10) != 0) {
            if (len < header + 4) {
                return false;
            }
            header += 4 + b.getUnsignedShort(ri + header + 2) * 4;
        }
        return header <= len;
    }
}
