package com.callbasis.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NoteTest {
    /** golang.org/x/mod/sumdb/note's documented example key and note (Ed25519 signs deterministically). */
    static final String GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_PRIVATE = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void reproducesTheGoSumdbNoteVectorByteForByte() throws Exception {
        byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(GO_PRIVATE), 1, 33);
        byte[] pub = Arrays.copyOfRange(Base64.getDecoder().decode(GO_VERIFIER.split("\\+", 3)[2]), 1, 33);
        NoteSigner signer = NoteSigner.fromSeed("PeterNeumann", seed, pub);
        assertThat(signer.verifierKey()).isEqualTo(GO_VERIFIER);
        assertThat(signer.sign(GO_TEXT)).isEqualTo(GO_NOTE);
        assertThat(NoteVerifier.parse(GO_VERIFIER).verify(GO_NOTE)).isEqualTo(GO_TEXT);
    }

    @Test
    void checkpointRoundTripAndTamperDetected() throws Exception {
        NoteSigner s = NoteSigner.generate("example.com/log");
        Checkpoint cp = new Checkpoint("example.com/log", 12, new byte[32]);
        String note = s.sign(cp.body());
        assertThat(note).startsWith("example.com/log\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 example.com/log ");
        NoteVerifier v = NoteVerifier.parse(s.verifierKey());
        assertThat(Checkpoint.parse(v.verify(note))).isEqualTo(cp);
        assertThatThrownBy(() -> v.verify(note.replace("\n12\n", "\n13\n"))).isInstanceOf(GeneralSecurityException.class);
        NoteVerifier other = NoteVerifier.parse(NoteSigner.generate("example.com/log").verifierKey());
        assertThatThrownBy(() -> other.verify(note)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("not signed by");
        assertThat(s.toString()).doesNotContain(s.verifierKey().split("\\+", 3)[2]);
    }

    @Test
    void verifierKeyFormatAndKeyIdAreChecked() throws Exception {
        NoteSigner s = NoteSigner.generate("callbasis/audit");
        String[] parts = s.verifierKey().split("\\+", 3);
        assertThat(parts).hasSize(3);
        assertThat(parts[1]).matches("[0-9a-f]{8}");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(33).startsWith(1);
        String wrongId = parts[0] + "+00000000+" + parts[2];
        assertThatThrownBy(() -> NoteVerifier.parse(wrongId)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> NoteVerifier.parse("garbage")).isInstanceOf(GeneralSecurityException.class);
    }
}
