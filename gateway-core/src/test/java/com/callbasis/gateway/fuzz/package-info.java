/**
 * Coverage-guided fuzz targets for the parsers that read what the network sends: SIP messages (and
 * the call facts read from them), TCP framing, SDP and SDES crypto attributes. Each target has the
 * {@code fuzzerTestOneInput(byte[])} entry point Jazzer calls; {@code bench/fuzz} runs them for a
 * bounded time, and {@link com.callbasis.gateway.fuzz.FuzzCorpusTest} replays the committed seeds
 * and every fixed finding in the suite. A target throws {@link AssertionError} for a finding: an
 * exception the parser does not declare, or a property (an encoding that does not parse again,
 * framing that depends on how TCP split the bytes) that does not hold.
 */
package com.callbasis.gateway.fuzz;
