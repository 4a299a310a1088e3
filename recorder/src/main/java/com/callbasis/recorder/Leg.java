package com.callbasis.recorder;

/** The two sides of a recorded call and the stereo channel each one is written to. */
public enum Leg {
    /** The external party (customer): left channel. */
    CALLER,
    /** The contact-centre agent: right channel. */
    AGENT
}
