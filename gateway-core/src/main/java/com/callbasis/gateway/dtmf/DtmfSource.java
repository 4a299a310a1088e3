package com.callbasis.gateway.dtmf;

/** How a digit reached the gateway. Carriers use one, and some gateways send two at once. */
public enum DtmfSource {
    /** Tones in the audio (ITU-T Q.23), found by {@link InbandDtmfDetector}. */
    INBAND,
    /** RFC 4733 telephone-event packets, read by {@link Rfc4733DigitReader}. */
    RFC4733,
    /** An in-dialog SIP INFO request (RFC 6086), parsed by {@link DtmfInfo}. */
    SIP_INFO
}
