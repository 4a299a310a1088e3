package com.callbasis.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SdpTargetsTest {
    private static final String HEAD = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n";

    private static InetSocketAddress rtp(String sdp) {
        Sdp s = Sdp.parse(sdp);
        return SdpTargets.rtpTarget(s.media().get(0), s);
    }

    private static InetSocketAddress rtcp(String sdp) {
        Sdp s = Sdp.parse(sdp);
        return SdpTargets.rtcpTarget(s.media().get(0), s);
    }

    @Test
    void sessionConnectionAndRtcpOnNextPort() {
        assertThat(rtp(SdpFixtures.SIPP)).isEqualTo(new InetSocketAddress("127.0.1.1", 6000));
        assertThat(rtp(SdpFixtures.SIPP).isUnresolved()).isFalse();
        assertThat(rtcp(SdpFixtures.SIPP)).isEqualTo(new InetSocketAddress("127.0.1.1", 6001));
    }

    @Test
    void mediaConnectionWinsOverSession() {
        String sdp = HEAD + "c=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 198.51.100.9\n";
        assertThat(rtp(sdp)).isEqualTo(new InetSocketAddress("198.51.100.9", 4000));
    }

    @Test
    void rtcpAttributeWithAndWithoutAddress() {
        String base = HEAD + "c=IN IP4 192.0.2.1\nt=0 0\nm=audio 53000 RTP/AVP 0\n";
        assertThat(rtcp(base + "a=rtcp:53020\n")).isEqualTo(new InetSocketAddress("192.0.2.1", 53020));
        assertThat(rtcp(base + "a=rtcp:53020 IN IP4 126.16.64.4\n")).isEqualTo(new InetSocketAddress("126.16.64.4", 53020));
        assertThat(rtcp(base + "a=rtcp:53020 IN IP4 rtcp.example.com\n")).isNull();
        assertThat(rtcp(base + "a=rtcp:0\n")).isNull();
        assertThat(rtcp(base + "a=rtcp-mux\n")).isEqualTo(new InetSocketAddress("192.0.2.1", 53000));
        assertThat(rtcp(base + "a=rtcp-mux\na=rtcp:53000\n")).isEqualTo(new InetSocketAddress("192.0.2.1", 53000));
    }

    @Test
    void ipv6() {
        assertThat(rtp(SdpFixtures.IPV6)).isEqualTo(new InetSocketAddress("2001:db8::10", 30000));
        assertThat(rtcp(SdpFixtures.IPV6)).isEqualTo(new InetSocketAddress("2001:db8::11", 30001));
    }

    @Test
    void oldStyleHoldAndUnspecifiedAddressesGiveNull() {
        assertThat(rtp(HEAD + "c=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\n")).isNull();
        assertThat(rtcp(HEAD + "c=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\n")).isNull();
        assertThat(rtp(HEAD + "c=IN IP6 ::\nt=0 0\nm=audio 4000 RTP/AVP 0\n")).isNull();
        // WebRTC's placeholder a=rtcp:9 IN IP4 0.0.0.0
        Sdp w = Sdp.parse(SdpFixtures.WEBRTC);
        assertThat(SdpTargets.rtpTarget(w.media().get(0), w)).isEqualTo(new InetSocketAddress("203.0.113.7", 50918));
        assertThat(SdpTargets.rtcpTarget(w.media().get(0), w)).isNull();
    }

    @Test
    void rejectedStreamFqdnAndLastPortGiveNull() {
        Sdp s = Sdp.parse(SdpFixtures.AUDIO_VIDEO_REJECTED);
        assertThat(SdpTargets.rtpTarget(s.media().get(1), s)).isNull();
        assertThat(SdpTargets.rtcpTarget(s.media().get(1), s)).isNull();
        assertThat(SdpTargets.rtpTarget(s.media().get(0), s)).isEqualTo(new InetSocketAddress("198.51.100.10", 49170));
        assertThat(rtp(HEAD + "c=IN IP4 media.example.com\nt=0 0\nm=audio 4000 RTP/AVP 0\n")).isNull();
        assertThat(rtp(HEAD + "c=IN IP4 10.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n")).isNull();
        String last = HEAD + "c=IN IP4 192.0.2.1\nt=0 0\nm=audio 65535 RTP/AVP 0\n";
        assertThat(rtp(last)).isNotNull();
        assertThat(rtcp(last)).isNull();
    }
}
