package com.callbasis.gateway.b2bua;

import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.HeaderNames;
import com.callbasis.gateway.sip.message.NameAddress;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipUri;
import com.callbasis.gateway.sip.transport.Destination;
import com.callbasis.gateway.sip.transport.SipSender;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One side of a call: the dialog (RFC 3261 s.12) this gateway holds with one peer, as a UA. The
 * inbound leg is the telephony platform's dialog with us; the outbound leg is ours with the route's
 * target. Their Call-IDs, tags and CSeq spaces are independent.
 */
final class Leg {
    enum Side { INBOUND, OUTBOUND }

    final Side side;
    final Transport transport;
    final String callId;
    final String localTag;
    String remoteTag;
    /** Our identity in this dialog (From on requests we send), without tag. */
    final NameAddress localParty;
    /** The peer's identity (To on requests we send), without tag. */
    final NameAddress remoteParty;
    long localCseq;
    long remoteCseq = -1;
    String remoteTarget;
    List<String> routeSet = List.of();
    /** Where requests to this peer go when the remote target cannot be used (symmetric signalling), and the inbound connection. */
    InetSocketAddress fallbackAddress;
    Channel connection;

    Leg(Side side, Transport transport, String callId, String localTag, NameAddress localParty, NameAddress remoteParty, long localCseq) {
        this.side = side;
        this.transport = transport;
        this.callId = callId;
        this.localTag = localTag;
        this.localParty = localParty.withoutTag();
        this.remoteParty = remoteParty.withoutTag();
        this.localCseq = localCseq;
    }

    String dialogKey() {
        return callId + "|" + localTag;
    }

    /** A new in-dialog request (s.12.2.1.1): remote target as Request-URI, the route set as Route headers. */
    SipRequest.Builder newRequest(String method, SipSender sender) {
        long seq = method.equals(SipRequest.ACK) ? localCseq : ++localCseq;
        return newRequest(method, seq, sender);
    }

    SipRequest.Builder newRequest(String method, long seq, SipSender sender) {
        SipRequest.Builder b = SipRequest.builder(method, remoteTarget);
        b.add(HeaderNames.VIA, via(sender, Ids.branch()));
        b.add(HeaderNames.MAX_FORWARDS, "70");
        for (String r : routeSet) {
            b.add(HeaderNames.ROUTE, r);
        }
        b.add(HeaderNames.FROM, localParty.withTag(localTag).toString());
        NameAddress to = remoteTag == null ? remoteParty : remoteParty.withTag(remoteTag);
        b.add(HeaderNames.TO, to.toString());
        b.add(HeaderNames.CALL_ID, callId);
        b.add(HeaderNames.CSEQ, seq + " " + method);
        return b;
    }

    String via(SipSender sender, String branch) {
        SipSender.HostPort hp = sender.localEndpoint(transport);
        return "SIP/2.0/" + transport.name() + " " + hp + ";branch=" + branch + ";rport";
    }

    String contact(SipSender sender) {
        SipSender.HostPort hp = sender.localEndpoint(transport);
        return "<sip:gw@" + hp + (transport == Transport.UDP ? "" : ";transport=" + transport.token()) + ">";
    }

    /**
     * Where in-dialog requests go: the first loose route, else the remote target (s.12.2.1.1, s.8.1.2).
     * A target we cannot resolve falls back to the address the dialog was set up from. The host goes
     * with the address as written in the URI (or the route), because that is the name a TLS peer must
     * prove (RFC 5922 s.7.2); the address it resolved to proves nothing.
     */
    Destination destination() {
        String next = remoteTarget;
        if (!routeSet.isEmpty()) {
            next = NameAddress.parse(routeSet.get(0)).uri();
        }
        InetSocketAddress addr = fallbackAddress;
        String host = fallbackAddress == null ? "" : fallbackAddress.getHostString();
        try {
            SipUri u = SipUri.parse(next);
            InetSocketAddress resolved = new InetSocketAddress(u.hostAddress(), u.portOrDefault());
            if (!resolved.isUnresolved()) {
                addr = resolved;
                host = u.hostAddress();
            }
        } catch (IllegalArgumentException e) {
            // keep the fallback
        }
        Optional<Channel> conn = Optional.empty();
        if (connection != null && connection.isActive() && connection.remoteAddress() instanceof InetSocketAddress ra
                && ra.getAddress().equals(addr.getAddress()) || connection != null && connection.isActive() && side == Side.INBOUND) {
            conn = Optional.of(connection);
        }
        return new Destination(transport, host, addr, conn);
    }

    /** Route set of a UAC (reversed Record-Route of the 2xx) or a UAS (Record-Route as received), s.12.1. */
    static List<String> routeSet(List<String> recordRoutes, boolean reverse) {
        List<String> out = new ArrayList<>(recordRoutes);
        if (reverse) {
            java.util.Collections.reverse(out);
        }
        return List.copyOf(out);
    }
}
