package com.callbasis.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFramesTest {
    @Test
    void copiesThePayloadsAndKnowsItsLength() {
        byte[] p = {1, 2, 3};
        List<byte[]> list = new ArrayList<>(List.of(p, new byte[] {4}));
        PromptFrames f = new PromptFrames(8, 160, list);
        p[0] = 9;
        list.clear();
        assertThat(f.frameCount()).isEqualTo(2);
        assertThat(f.payload(0)).containsExactly(1, 2, 3);
        f.payload(0)[1] = 7;
        assertThat(f.payload(0)).containsExactly(1, 2, 3);
        assertThat(f.duration()).isEqualTo(Duration.ofMillis(40));
        assertThat(f.payloadType()).isEqualTo(8);
        assertThat(f.timestampStep()).isEqualTo(160);
        assertThat(f).hasToString("PromptFrames[pt=8, step=160, frames=2]");
    }

    @Test
    void refusesWhatCannotBeSent() {
        List<byte[]> one = List.of(new byte[160]);
        assertThatThrownBy(() -> new PromptFrames(-1, 160, one)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptFrames(128, 160, one)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptFrames(72, 160, one)) // reads as RTCP under rtcp-mux
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..63 or 96..127");
        assertThatThrownBy(() -> new PromptFrames(0, 0, one)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptFrames(0, 65536, one)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptFrames(0, 160, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptFrames(0, 160, List.of(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptFrames(0, 160, List.of(new byte[PromptFrames.MAX_PAYLOAD + 1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame 0");
        List<byte[]> tooMany = new ArrayList<>();
        byte[] frame = {0};
        for (int i = 0; i <= PromptFrames.MAX_FRAMES; i++) {
            tooMany.add(frame);
        }
        assertThatThrownBy(() -> new PromptFrames(0, 160, tooMany)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PromptFrames(127, 65535, List.of(new byte[PromptFrames.MAX_PAYLOAD])).frameCount()).isEqualTo(1);
    }
}
