package com.callbasis.gateway.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsrcContextsTest {
    @Test
    void evictsTheLeastRecentlyUsed() {
        SsrcContexts<String> m = new SsrcContexts<>(3);
        m.put(1, "a");
        m.put(2, "b");
        m.put(3, "c");
        assertThat(m.get(1)).isEqualTo("a"); // 2 is now the stalest
        m.put(4, "d");
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.get(2)).isNull();
        assertThat(m.get(1)).isEqualTo("a");
        assertThat(m.get(3)).isEqualTo("c");
        assertThat(m.get(4)).isEqualTo("d");
        m.clear();
        assertThat(m.get(1)).isNull();
        assertThat(m.size()).isZero();
    }
}
