package com.callbasis.store.db;

/** Life cycle of a recording. */
public enum RecordingState {
    /** Being written; found at start-up it means the writer died and is recovered as TRUNCATED. */
    RECORDING,
    /** Closed normally; every byte is sealed. */
    SEALED,
    /** The writer stopped before sealing; sealed chunks are readable and the gap is stated. */
    TRUNCATED,
    /** Data key destroyed and object deleted; a tombstone remains. */
    DELETED
}
