package com.callbasis.policy;

/** What the gateway must do with a call's media. */
public enum Outcome {
    /** Record from the start. */
    RECORD,
    /** Record only once consent has been captured (e.g. IVR DTMF); until then, do not record. */
    RECORD_AFTER_CONSENT,
    /** Play the recording notice first, then record. */
    RECORD_AFTER_NOTICE,
    /** Do not record (no basis, a rule said so, an objection, or consent withdrawn). */
    DO_NOT_RECORD;

    public boolean records() {
        return this != DO_NOT_RECORD;
    }
}
