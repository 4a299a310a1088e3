package com.callbasis.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SdpErrorTest {
    /** Five valid session lines; the line under test is line 6 or later. */
    private static final String HEAD = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("", 1, "empty SDP"),
                Arguments.of("\r\n\r\n", 1, "empty SDP"),
                Arguments.of("v=1\no=- 1 1 IN IP4 192.0.2.1\n", 1, "first line must be v=0"),
                Arguments.of("o=- 1 1 IN IP4 192.0.2.1\nv=0\n", 1, "first line must be v=0"),
                Arguments.of(" v=0\n", 1, "not of the form"),
                Arguments.of("v=0\ns=-\nt=0 0\n", 2, "o= line missing"),
                Arguments.of("v=0\no=- 1 1 IN IP4\n", 2, "o= line needs exactly 6 fields"),
                Arguments.of(HEAD + "o=- 1 1 IN IP4 192.0.2.1\n", 6, "more than one o= line"),
                Arguments.of(HEAD + "v=0\n", 6, "v= is only allowed as the first line"),
                Arguments.of(HEAD + "hello\n", 6, "not of the form"),
                Arguments.of(HEAD + "a\n", 6, "not of the form"),
                Arguments.of(HEAD + "1=x\n", 6, "not of the form"),
                Arguments.of(HEAD + "a =x\n", 6, "not of the form"),
                Arguments.of(HEAD + "\nm=audio 4000 RTP/AVP 0\n", 6, "empty line"),
                Arguments.of(HEAD + "a=tool:x\u0000y\n", 6, "control character"),
                Arguments.of(HEAD + "a=tool:x\ry\n", 6, "control character"),
                Arguments.of(HEAD + "c=IN IP4 192.0.2.2\n", 6, "more than one c= line"),
                Arguments.of("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4\n", 4, "c= needs exactly 3 fields"),
                Arguments.of("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 1.2.3.4 x\n", 4, "c= needs exactly 3 fields"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP\n", 6, "m= line needs at least 4 fields"),
                Arguments.of(HEAD + "m=audio\n", 6, "m= line needs at least 4 fields"),
                Arguments.of(HEAD + "m=audio x RTP/AVP 0\n", 6, "m= port must be a number 0-65535"),
                Arguments.of(HEAD + "m=audio -1 RTP/AVP 0\n", 6, "m= port must be a number 0-65535"),
                Arguments.of(HEAD + "m=audio 65536 RTP/AVP 0\n", 6, "m= port must be a number 0-65535"),
                Arguments.of(HEAD + "m=audio 99999999999999999999 RTP/AVP 0\n", 6, "m= port must be a number 0-65535"),
                Arguments.of(HEAD + "m=audio 4000/0 RTP/AVP 0\n", 6, "number of ports"),
                Arguments.of(HEAD + "m=audio 4000/ RTP/AVP 0\n", 6, "number of ports"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 128\n", 6, "payload type must be a number 0-127"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP PCMU\n", 6, "payload type must be a number 0-127"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\no=- 1 1 IN IP4 192.0.2.1\n", 7, "o= is only allowed at session level"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\nc=IN IP4 1.2.3.4\nc=IN IP4 1.2.3.5\n", 8, "more than one c= line"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=\n", 7, "attribute name"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=:x\n", 7, "attribute name"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=rtcp:\n", 7, "a=rtcp needs a port"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=rtcp:x\n", 7, "a=rtcp port must be a number"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=rtcp:53020 IN IP4\n", 7, "a=rtcp needs a port"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=rtcp:4001\na=rtcp:4001\n", 8, "more than one a=rtcp"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:96\n", 7, "a=rtpmap needs"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus\n", 7, "a=rtpmap must be"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/0\n", 7, "a=rtpmap must be"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:200 opus/48000\n", 7, "a=rtpmap must be"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/48000/2/x\n", 7, "a=rtpmap must be"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/48000/two\n", 7, "a=rtpmap must be"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/48000\na=rtpmap:96 PCMU/8000\n", 8, "more than one a=rtpmap"),
                Arguments.of(HEAD + "a=sendonly\na=recvonly\n", 7, "conflicting direction"),
                Arguments.of(HEAD + "m=audio 4000 RTP/AVP 0\na=sendonly\na=inactive\n", 8, "conflicting direction"),
                Arguments.of("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\n", 5, "no c= line"));
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("cases")
    void refusesWithLineNumber(String text, int line, String reason) {
        SdpException e = catchThrowableOfType(SdpException.class, () -> Sdp.parse(text));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.getMessage()).startsWith("line " + line + ": ").contains(reason);
        // CRLF input gives the same line number
        SdpException crlf = catchThrowableOfType(SdpException.class,
                () -> Sdp.parse(text.replace("\n", "\r\n")));
        assertThat(crlf.line()).isEqualTo(line);
    }

    @Test
    void refusesMoreThan64MediaLines() {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i <= Sdp.MAX_MEDIA; i++) {
            sb.append("m=audio ").append(4000 + 2 * i).append(" RTP/AVP 0\n");
        }
        assertThatThrownBy(() -> Sdp.parse(sb.toString()))
                .isInstanceOf(SdpException.class)
                .hasMessage("line 70: more than 64 m= lines");
    }

    @Test
    void refusesOverlongText() {
        String big = HEAD + "a=x:" + "y".repeat(Sdp.MAX_LENGTH) + "\n";
        assertThatThrownBy(() -> Sdp.parse(big)).isInstanceOf(SdpException.class).hasMessageContaining("longer than");
    }

    @Test
    void isAnIllegalArgumentExceptionAndDoesNotEchoInput() {
        SdpException e = catchThrowableOfType(SdpException.class,
                () -> Sdp.parse("v=0\no=alice-secret 1 1 IN IP4\n"));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.getMessage()).doesNotContain("alice-secret");
    }

    @Test
    void rejectedStreamNeedsNoConnection() {
        Sdp s = Sdp.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 0 RTP/AVP 0\n");
        assertThat(s.media().get(0).effectiveAddress()).isNull();
    }
}
