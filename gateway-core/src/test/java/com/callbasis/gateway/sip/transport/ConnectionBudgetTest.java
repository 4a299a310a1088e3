package com.callbasis.gateway.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.MediaConfig;
import org.junit.jupiter.api.Test;

/** Issue 12, item 1: connections never take the descriptors the media range and HTTP need. */
class ConnectionBudgetTest {
    static final MediaConfig MEDIA = new MediaConfig("127.0.0.1", 30000, 39999); // 10,000 ports

    @Test
    void connectionsLeaveTheMediaRangeAndAReserve() {
        assertThat(ConnectionBudget.connections(10_000, 1_048_576, MEDIA)).isEqualTo(10_000);
        assertThat(ConnectionBudget.connections(10_000, 20_000, MEDIA)).isEqualTo(20_000 - 10_000 - ConnectionBudget.RESERVE);
        assertThat(ConnectionBudget.connections(10_000, 1024, MEDIA)).isEqualTo(ConnectionBudget.FLOOR);
        assertThat(ConnectionBudget.connections(500, -1, MEDIA)).isEqualTo(500);
    }

    @Test
    void theProcessLimitIsKnownOnLinux() {
        assertThat(ConnectionBudget.processLimit()).isGreaterThan(0);
    }
}
