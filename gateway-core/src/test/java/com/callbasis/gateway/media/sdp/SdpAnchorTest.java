package com.callbasis.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpAnchorTest {
    private static final String GW = "10.0.0.5";

    private static List<String> lines(String text) {
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n\r\n");
        return Arrays.asList(text.split("\r\n"));
    }

    private static String rewrite(SdpAnchor a, String sdp, AnchorPort... ports) {
        String out = a.rewrite(Sdp.parse(sdp), Arrays.asList(ports));
        Sdp.parse(out); // what we send must itself be valid
        return out;
    }

    @Test
    void sippOfferGetsGatewayAddressPortsAndOrigin() {
        SdpAnchor a = new SdpAnchor(GW, 777, 100);
        String out = rewrite(a, SdpFixtures.SIPP, AnchorPort.of(40000, 40001));
        assertThat(lines(out)).containsExactly(
                "v=0",
                "o=- 777 100 IN IP4 10.0.0.5",
                "s=-",
                "c=IN IP4 10.0.0.5",
                "t=0 0",
                "m=audio 40000 RTP/AVP 0",
                "a=rtpmap:0 PCMU/8000",
                "a=rtcp:40001");
        Sdp sent = Sdp.parse(out);
        assertThat(SdpTargets.rtpTarget(sent.media().get(0), sent).getPort()).isEqualTo(40000);
        assertThat(SdpTargets.rtcpTarget(sent.media().get(0), sent).getPort()).isEqualTo(40001);
    }

    @Test
    void baresipCryptosReplacedInPlaceAndRtcpMuxKept() {
        SdpAnchor a = new SdpAnchor(GW, 1, 1);
        String out = rewrite(a, SdpFixtures.BARESIP,
                new AnchorPort(40010, 40011, List.of("1 AES_CM_128_HMAC_SHA1_80 inline:R0FURVdBWUtFWUdBVEVXQVlLRVlHQVRFV0FZS0VZ")));
        List<String> l = lines(out);
        assertThat(l).contains("m=audio 40010 RTP/SAVP 96 9 0 8 101", "a=rtcp-mux", "a=tool:baresip 3.10.1", "b=AS:96",
                "a=fmtp:96 stereo=1;sprop-stereo=1", "a=sendrecv", "a=ptime:20");
        assertThat(l).filteredOn(s -> s.startsWith("a=crypto:"))
                .containsExactly("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:R0FURVdBWUtFWUdBVEVXQVlLRVlHQVRFV0FZS0VZ");
        assertThat(out).doesNotContain("ZmFrZWZh", "c2FtcGxl", "192.168.10.20");
        // crypto written where the first received one was: right before a=ptime
        assertThat(l.indexOf("a=ptime:20") - 1).isEqualTo(l.indexOf(l.stream().filter(s -> s.startsWith("a=crypto")).findFirst().get()));
        // rtcp-mux without a=rtcp and rtcp = rtp + 1: no a=rtcp added
        assertThat(l).noneMatch(s -> s.startsWith("a=rtcp:"));
        assertThat(Sdp.parse(out).media().get(0).proto()).isEqualTo("RTP/SAVP");
    }

    @Test
    void rtcpMuxWithGatewayMuxingAdvertisesRtcpOnRtpPort() {
        String out = rewrite(new SdpAnchor(GW, 1, 1), SdpFixtures.BARESIP, new AnchorPort(40010, 40010, List.of("x")));
        assertThat(lines(out)).contains("a=rtcp-mux", "a=rtcp:40010");
    }

    @Test
    void nullCryptosRemoveThemAll() {
        String out = rewrite(new SdpAnchor(GW, 1, 1), SdpFixtures.BARESIP, AnchorPort.of(40010, 40011));
        assertThat(out).doesNotContain("a=crypto");
        assertThat(Sdp.parse(out).media().get(0).cryptos()).isEmpty();
    }

    @Test
    void cryptosAddedAtEndWhenNoneReceived() {
        String out = rewrite(new SdpAnchor(GW, 1, 1), SdpFixtures.SIPP, new AnchorPort(40000, 40001, List.of("1 A inline:k1", "2 B inline:k2")));
        List<String> l = lines(out);
        assertThat(l.subList(l.size() - 2, l.size())).containsExactly("a=crypto:1 A inline:k1", "a=crypto:2 B inline:k2");
    }

    @Test
    void webRtcIceRemovedRtcpReplacedMediaConnectionMovedToSession() {
        String out = rewrite(new SdpAnchor(GW, 1, 1), SdpFixtures.WEBRTC, AnchorPort.of(40020, 40021));
        assertThat(out).doesNotContain("a=candidate", "a=ice-", "a=end-of-candidates", "203.0.113.7", "0.0.0.0");
        List<String> l = lines(out);
        assertThat(l).filteredOn(s -> s.startsWith("c=")).containsExactly("c=IN IP4 10.0.0.5");
        // session c= before t= (RFC 8866 s.5 order)
        assertThat(l.indexOf("c=IN IP4 10.0.0.5")).isLessThan(l.indexOf("t=0 0"));
        assertThat(l.indexOf("c=IN IP4 10.0.0.5")).isLessThan(l.indexOf("m=audio 40020 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126"));
        // had a=rtcp: replaced in place by ours
        assertThat(l).contains("a=rtcp:40021", "a=rtcp-mux", "a=mid:0", "a=setup:actpass", "a=group:BUNDLE 0",
                "a=rtcp-fb:111 transport-cc", "a=extmap-allow-mixed");
        assertThat(l.indexOf("a=rtcp:40021")).isEqualTo(l.indexOf("m=audio 40020 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126") + 1);
        Sdp sent = Sdp.parse(out);
        assertThat(sent.media().get(0).rtcpPort()).hasValue(40021);
        assertThat(sent.media().get(0).rtcpConnection()).isNull();
    }

    @Test
    void rejectedStreamsKeepPortZero() {
        SdpAnchor a = new SdpAnchor(GW, 1, 1);
        String out = rewrite(a, SdpFixtures.AUDIO_VIDEO_REJECTED, AnchorPort.of(40030, 40031), AnchorPort.of(40032, 40033));
        List<String> l = lines(out);
        assertThat(l).contains("m=audio 40030 RTP/AVP 0 18 101", "m=video 0 RTP/AVP 31 34", "a=rtpmap:31 H261/90000",
                "b=CT:1000", "i=an answer", "a=recvonly");
        assertThat(l).filteredOn(s -> s.startsWith("a=rtcp")).containsExactly("a=rtcp:40031");
        assertThat(out).doesNotContain("49170", "/2 ");
    }

    @Test
    void nullAnchorPortRejectsAStream() {
        String twoStreams = SdpFixtures.AUDIO_VIDEO_REJECTED.replace("m=video 0 ", "m=video 51372 ");
        String out = rewrite(new SdpAnchor(GW, 1, 1), twoStreams, AnchorPort.of(40030, 40031), null);
        Sdp sent = Sdp.parse(out);
        assertThat(sent.media().get(0).port()).isEqualTo(40030);
        assertThat(sent.media().get(1).port()).isZero();
        assertThat(sent.media().get(1).rtcpPort()).isEmpty();
        assertThat(out).doesNotContain("51372");
    }

    @Test
    void portListMustMatchMediaLines() {
        SdpAnchor a = new SdpAnchor(GW, 1, 1);
        Sdp s = Sdp.parse(SdpFixtures.AUDIO_VIDEO_REJECTED);
        assertThatThrownBy(() -> a.rewrite(s, List.of(AnchorPort.of(4000, 4001))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 m= lines");
        assertThatThrownBy(() -> a.rewrite(Sdp.parse(SdpFixtures.SIPP), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6GatewayAndPeer() {
        SdpAnchor a = new SdpAnchor("2001:db8:1::5", 9, 3);
        String out = rewrite(a, SdpFixtures.IPV6, AnchorPort.of(40040, 40041));
        assertThat(lines(out)).containsExactly(
                "v=0",
                "o=- 9 3 IN IP6 2001:db8:1::5",
                "s=-",
                "c=IN IP6 2001:db8:1::5",
                "t=0 0",
                "m=audio 40040 RTP/AVP 8 9 96",
                "a=rtpmap:96 telephone-event/8000",
                "a=rtcp:40041",
                "a=sendonly",
                "x=unknown line type kept");
    }

    @Test
    void ipv4GatewayForIpv6Peer() {
        String out = rewrite(new SdpAnchor(GW, 1, 1), SdpFixtures.IPV6, AnchorPort.of(40040, 40041));
        assertThat(out).doesNotContain("IP6", "2001:db8");
    }

    @Test
    void versionStaysForUnchangedReofferAndIncrementsOnChange() {
        SdpAnchor a = new SdpAnchor(GW, 4242, 10);
        Sdp offer = Sdp.parse(SdpFixtures.SIPP);
        Sdp first = Sdp.parse(a.rewrite(offer, List.of(AnchorPort.of(40000, 40001))));
        Sdp same = Sdp.parse(a.rewrite(offer, List.of(AnchorPort.of(40000, 40001))));
        Sdp peerVersionBumped = Sdp.parse(a.rewrite(
                Sdp.parse(SdpFixtures.SIPP.replace("2353687637", "2353687638")), List.of(AnchorPort.of(40000, 40001))));
        Sdp hold = Sdp.parse(a.rewrite(
                Sdp.parse(SdpFixtures.SIPP + "a=sendonly\n"), List.of(AnchorPort.of(40000, 40001))));
        Sdp holdAgain = Sdp.parse(a.rewrite(
                Sdp.parse(SdpFixtures.SIPP + "a=sendonly\n"), List.of(AnchorPort.of(40000, 40001))));
        Sdp newPort = Sdp.parse(a.rewrite(offer, List.of(AnchorPort.of(40100, 40101))));
        assertThat(List.of(first, same, peerVersionBumped, hold, holdAgain, newPort))
                .extracting(s -> s.origin().sessionVersion())
                .containsExactly("10", "10", "10", "11", "11", "12");
        assertThat(List.of(first, hold, newPort)).extracting(s -> s.origin().sessionId()).containsOnly("4242");
        assertThat(same.encode()).isEqualTo(first.encode());
    }

    @Test
    void randomSessionIdIsPositiveAndStable() {
        SdpAnchor a = new SdpAnchor(GW);
        SdpAnchor b = new SdpAnchor(GW);
        assertThat(a.sessionId()).isPositive();
        assertThat(a.sessionId()).isNotEqualTo(b.sessionId());
        Sdp s1 = Sdp.parse(a.rewrite(Sdp.parse(SdpFixtures.SIPP), List.of(AnchorPort.of(40000, 40001))));
        Sdp s2 = Sdp.parse(a.rewrite(Sdp.parse(SdpFixtures.BARESIP), List.of(AnchorPort.of(40000, 40001))));
        assertThat(s1.origin().sessionId()).isEqualTo(Long.toString(a.sessionId())).isEqualTo(s2.origin().sessionId());
        assertThat(Long.parseLong(s2.origin().sessionVersion())).isEqualTo(Long.parseLong(s1.origin().sessionVersion()) + 1);
        assertThat(Long.parseLong(s1.origin().sessionVersion())).isPositive();
    }

    @Test
    void rtcpMuxOnlyAdvertisesRtpPort() {
        String sdp = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
                + "m=audio 4000 RTP/AVP 0\na=rtcp:4000\na=rtcp-mux\na=rtcp-mux-only\n";
        assertThat(lines(rewrite(new SdpAnchor(GW, 1, 1), sdp, AnchorPort.of(40000, 40001))))
                .contains("a=rtcp:40000", "a=rtcp-mux", "a=rtcp-mux-only")
                .doesNotContain("a=rtcp:40001");
    }

    @Test
    void sessionLevelIceAndOnlyMediaConnectionsAreHandled() {
        String sdp = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\na=ice-lite\na=ice-ufrag:abcd\n"
                + "m=audio 4000 RTP/AVP 0\nc=IN IP4 192.0.2.7\na=remote-candidates:1 192.0.2.7 4000\n"
                + "m=audio 4002 RTP/AVP 0\nc=IN IP4 192.0.2.8\n";
        String out = rewrite(new SdpAnchor(GW, 1, 1), sdp, AnchorPort.of(40000, 40001), AnchorPort.of(40002, 40003));
        assertThat(lines(out)).containsExactly(
                "v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=-", "c=IN IP4 10.0.0.5", "t=0 0",
                "m=audio 40000 RTP/AVP 0", "a=rtcp:40001",
                "m=audio 40002 RTP/AVP 0", "a=rtcp:40003");
    }

    @Test
    void nonRtpStreamGetsPortButNoRtcp() {
        String sdp = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
                + "m=image 4000 udptl t38\na=T38FaxVersion:0\na=T38FaxUdpEC:t38UDPRedundancy\n";
        assertThat(lines(rewrite(new SdpAnchor(GW, 1, 1), sdp, AnchorPort.of(40000, 40001))).subList(5, 8))
                .containsExactly("m=image 40000 udptl t38", "a=T38FaxVersion:0", "a=T38FaxUdpEC:t38UDPRedundancy");
        assertThat(rewrite(new SdpAnchor(GW, 1, 1), sdp, AnchorPort.of(40000, 40001))).doesNotContain("a=rtcp");
    }

    @Test
    void gatewayAddressMustBeAnIpLiteral() {
        assertThatThrownBy(() -> new SdpAnchor("gateway.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SdpAnchor("10.0.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SdpAnchor("[2001:db8::1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SdpAnchor("0.0.0.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anchorPortChecksAndRedacts() {
        assertThatThrownBy(() -> AnchorPort.of(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnchorPort.of(1, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnchorPort(1, 2, List.of("a\r\na=evil"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AnchorPort(1, 2, List.of("1 X inline:secretkey")).toString()).doesNotContain("secretkey").contains("1 (redacted)");
    }
}
