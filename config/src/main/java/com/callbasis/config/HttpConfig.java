package com.callbasis.config;

/**
 * The HTTP API listener (health and Prometheus metrics now; replay and DPO endpoints later).
 *
 * @param enabled false to run without an HTTP listener
 */
public record HttpConfig(boolean enabled, String address, int port) {
    public HttpConfig withEndpoint(String newAddress, int newPort) {
        return new HttpConfig(true, newAddress, newPort);
    }
}
