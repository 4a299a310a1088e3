package com.callbasis.gateway.media.sdp;

import static com.callbasis.gateway.media.sdp.SdpFixtures.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.sdp.MediaDescription.RtpMap;
import com.callbasis.gateway.media.sdp.Sdp.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SdpParseTest {
    static Stream<String> realWorld() {
        return Stream.of(SdpFixtures.SIPP, SdpFixtures.BARESIP, SdpFixtures.WEBRTC,
                SdpFixtures.AUDIO_VIDEO_REJECTED, SdpFixtures.IPV6);
    }

    @ParameterizedTest
    @MethodSource("realWorld")
    void roundTripsFromLf(String lf) {
        assertThat(Sdp.parse(lf).encode()).isEqualTo(crlf(lf));
    }

    @ParameterizedTest
    @MethodSource("realWorld")
    void roundTripsFromCrlfExactly(String lf) {
        String wire = crlf(lf);
        assertThat(Sdp.parse(wire).encode()).isEqualTo(wire);
        assertThat(Sdp.parse(Sdp.parse(wire).encode()).encode()).isEqualTo(wire);
    }

    @Test
    void toleratesTrailingBlankLineAndMissingFinalLineEnd() {
        String wire = crlf(SdpFixtures.SIPP);
        assertThat(Sdp.parse(wire + "\r\n").encode()).isEqualTo(wire);
        assertThat(Sdp.parse(wire.substring(0, wire.length() - 2)).encode()).isEqualTo(wire);
        assertThat(Sdp.parse(SdpFixtures.SIPP + "\n").encode()).isEqualTo(wire);
    }

    @Test
    void sessionLevel() {
        Sdp s = Sdp.parse(SdpFixtures.SIPP);
        assertThat(s.origin().username()).isEqualTo("user1");
        assertThat(s.origin().sessionId()).isEqualTo("53655765");
        assertThat(s.origin().sessionVersion()).isEqualTo("2353687637");
        assertThat(s.origin().addrType()).isEqualTo("IP4");
        assertThat(s.origin().address()).isEqualTo("127.0.1.1");
        assertThat(s.connection()).isEqualTo(new Connection("IN", "IP4", "127.0.1.1"));
        assertThat(s.direction()).isNull();
        assertThat(s.media()).hasSize(1);
        MediaDescription m = s.media().get(0);
        assertThat(m.type()).isEqualTo("audio");
        assertThat(m.port()).isEqualTo(6000);
        assertThat(m.portCount()).isEqualTo(1);
        assertThat(m.proto()).isEqualTo("RTP/AVP");
        assertThat(m.formats()).containsExactly("0");
        assertThat(m.connection()).isNull();
        assertThat(m.effectiveAddress()).isEqualTo("127.0.1.1");
        assertThat(m.isSecure()).isFalse();
        assertThat(m.isRejected()).isFalse();
        assertThat(m.rtcpMux()).isFalse();
        assertThat(m.rtcpPort()).isEmpty();
        assertThat(m.direction()).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void baresipOffer() {
        MediaDescription m = Sdp.parse(SdpFixtures.BARESIP).media().get(0);
        assertThat(m.isSecure()).isTrue();
        assertThat(m.rtcpMux()).isTrue();
        assertThat(m.cryptos()).containsExactly(
                "1 AES_CM_128_HMAC_SHA1_80 inline:ZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZh",
                "2 AES_CM_128_HMAC_SHA1_32 inline:c2FtcGxlc2FtcGxlc2FtcGxlc2FtcGxlc2FtcGxl");
        assertThat(m.rtpMaps().keySet()).containsExactly(96, 9, 0, 8, 101);
        assertThat(m.rtpMaps().get(96)).isEqualTo(new RtpMap(96, "opus", 48000, 2));
        assertThat(m.rtpMaps().get(101)).isEqualTo(new RtpMap(101, "telephone-event", 8000, 1));
        assertThat(m.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(m.attributes()).extracting(Sdp.Attribute::name).startsWith("rtpmap", "fmtp");
        assertThat(m.attributes().get(7).name()).isEqualTo("rtcp-mux");
        assertThat(m.attributes().get(7).value()).isNull();
    }

    @Test
    void webRtcOffer() {
        Sdp s = Sdp.parse(SdpFixtures.WEBRTC);
        assertThat(s.connection()).isNull();
        MediaDescription m = s.media().get(0);
        assertThat(m.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(m.isSecure()).isTrue();
        assertThat(m.effectiveAddress()).isEqualTo("203.0.113.7");
        assertThat(m.rtcpPort()).hasValue(9);
        assertThat(m.rtcpConnection()).isEqualTo(new Connection("IN", "IP4", "0.0.0.0"));
        assertThat(m.cryptos()).isEmpty();
        assertThat(m.rtpMaps()).hasSize(8);
    }

    @Test
    void portCountAndRejectedStream() {
        Sdp s = Sdp.parse(SdpFixtures.AUDIO_VIDEO_REJECTED);
        assertThat(s.media()).hasSize(2);
        assertThat(s.media().get(0).port()).isEqualTo(49170);
        assertThat(s.media().get(0).portCount()).isEqualTo(2);
        assertThat(s.media().get(1).isRejected()).isTrue();
        assertThat(s.media().get(1).type()).isEqualTo("video");
        assertThat(s.media().get(1).formats()).containsExactly("31", "34");
    }

    @Test
    void directionInheritance() {
        Sdp s = Sdp.parse("""
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                a=sendonly
                m=audio 4000 RTP/AVP 0
                m=audio 4002 RTP/AVP 0
                a=inactive
                m=audio 4004 RTP/AVP 0
                a=recvonly
                a=recvonly
                """);
        assertThat(s.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(s.media()).extracting(MediaDescription::direction)
                .containsExactly(Direction.SENDONLY, Direction.INACTIVE, Direction.RECVONLY);
        assertThat(Sdp.parse(SdpFixtures.AUDIO_VIDEO_REJECTED).media().get(1).direction())
                .isEqualTo(Direction.RECVONLY);
        assertThat(Sdp.parse(SdpFixtures.IPV6).media().get(0).direction()).isEqualTo(Direction.SENDONLY);
    }

    @Test
    void staticPayloadTypeDefaults() {
        Sdp s = Sdp.parse("""
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 4000 RTP/AVP 0 8 9 18 3 96 97
                a=rtpmap:97 AMR-WB/16000/1
                a=rtpmap:120 unlisted/8000
                """);
        var maps = s.media().get(0).rtpMaps();
        assertThat(maps.keySet()).containsExactly(0, 8, 9, 18, 3, 97);
        assertThat(maps.get(0)).isEqualTo(new RtpMap(0, "PCMU", 8000, 1));
        assertThat(maps.get(8)).isEqualTo(new RtpMap(8, "PCMA", 8000, 1));
        assertThat(maps.get(9)).as("G722 RTP clock is 8000 (RFC 3551 s.4.5.2)").isEqualTo(new RtpMap(9, "G722", 8000, 1));
        assertThat(maps.get(18)).isEqualTo(new RtpMap(18, "G729", 8000, 1));
        assertThat(maps.get(3).encoding()).isEqualTo("GSM");
        assertThat(maps.get(97)).isEqualTo(new RtpMap(97, "AMR-WB", 16000, 1));
    }

    @Test
    void rtpmapOverridesStaticDefault() {
        Sdp s = Sdp.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
                + "m=audio 4000 RTP/AVP 9\na=rtpmap:9 G722/8000/2\n");
        assertThat(s.media().get(0).rtpMaps().get(9).channels()).isEqualTo(2);
    }

    @Test
    void rtcpAttributeForms() {
        String head = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 53000 RTP/AVP 0\n";
        MediaDescription plain = Sdp.parse(head + "a=rtcp:53020\n").media().get(0);
        assertThat(plain.rtcpPort()).hasValue(53020);
        assertThat(plain.rtcpConnection()).isNull();
        MediaDescription withAddress = Sdp.parse(head + "a=rtcp:53020 IN IP4 126.16.64.4\n").media().get(0);
        assertThat(withAddress.rtcpPort()).hasValue(53020);
        assertThat(withAddress.rtcpConnection()).isEqualTo(new Connection("IN", "IP4", "126.16.64.4"));
        assertThat(Sdp.parse(SdpFixtures.IPV6).media().get(0).rtcpConnection().address()).isEqualTo("2001:db8::11");
    }

    @Test
    void multicastSuffixIsNotPartOfTheHost() {
        Sdp s = Sdp.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 224.2.36.42/127\nt=0 0\nm=audio 4000 RTP/AVP 0\n");
        assertThat(s.connection().address()).isEqualTo("224.2.36.42/127");
        assertThat(s.media().get(0).effectiveAddress()).isEqualTo("224.2.36.42");
    }

    @Test
    void nonRtpFormatsAreNotPayloadTypes() {
        Sdp s = Sdp.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\nm=image 0 udptl t38\n");
        assertThat(s.media().get(0).formats()).containsExactly("webrtc-datachannel");
        assertThat(s.media().get(0).rtpMaps()).isEmpty();
        assertThat(s.media().get(1).isRejected()).isTrue();
    }

    @Test
    void sixtyFourMediaLinesAreAccepted() {
        StringBuilder sb = new StringBuilder("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n");
        for (int i = 0; i < Sdp.MAX_MEDIA; i++) {
            sb.append("m=audio ").append(4000 + 2 * i).append(" RTP/AVP 0\n");
        }
        assertThat(Sdp.parse(sb.toString()).media()).hasSize(64);
    }

    @Test
    void toStringsPrintNoPersonalDataOrKeys() {
        Sdp s = Sdp.parse(SdpFixtures.BARESIP);
        Sdp sipp = Sdp.parse(SdpFixtures.SIPP);
        List<String> printed = List.of(s.toString(), s.media().get(0).toString(), sipp.origin().toString(),
                s.media().get(0).attributes().toString(), sipp.connection().toString());
        assertThat(String.join(" ", printed)).doesNotContain("inline:", "user1", "127.0.1.1", "192.168.10.20");
    }
}
