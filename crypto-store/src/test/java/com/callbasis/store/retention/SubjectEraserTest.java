package com.callbasis.store.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectEraserTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static RecordingRow row(String basis, Instant expires, boolean hold, RecordingState state) {
        return new RecordingRow("r", "acme", List.of("s"), "d", basis, null, "00", "{}", null, null, expires, null, hold,
                hold ? "case" : null, state, "o", "k", NOW, null, 0, 0, 0, true, null);
    }

    @Test
    void refusalReasons() {
        assertThat(SubjectEraser.refusal(row("consent", NOW.plusSeconds(9), false, RecordingState.SEALED), NOW)).isNull();
        assertThat(SubjectEraser.refusal(row("legal_obligation", NOW.plusSeconds(9), false, RecordingState.SEALED), NOW))
                .contains("Art. 17(3)(b)");
        assertThat(SubjectEraser.refusal(row("legal_obligation", NOW, false, RecordingState.SEALED), NOW)).isNull();
        assertThat(SubjectEraser.refusal(row("contract", NOW.plusSeconds(9), true, RecordingState.TRUNCATED), NOW))
                .contains("legal hold");
        assertThat(SubjectEraser.refusal(row("consent", NOW.plusSeconds(9), false, RecordingState.RECORDING), NOW))
                .contains("in progress");
    }
}
