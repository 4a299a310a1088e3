package com.callbasis.store.audit;

/** A checkpoint and its complete signed note text, as published and exported. */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {}
