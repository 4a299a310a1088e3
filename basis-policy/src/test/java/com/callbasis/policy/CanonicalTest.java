package com.callbasis.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalTest {
    @Test
    void sortsKeysAtEveryLevelAndEscapesMinimally() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 1);
        inner.put("a", Arrays.asList(true, null, "x"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", "q\"\\\n\u0001é");
        m.put("B", inner);
        m.put("a", List.of());
        assertThat(Canonical.json(m)).isEqualTo("{\"B\":{\"a\":[true,null,\"x\"],\"b\":1},\"a\":[],\"z\":\"q\\\"\\\\\\n\\u0001é\"}");
    }

    @Test
    void sha256OfKnownInput() {
        assertThat(Canonical.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
