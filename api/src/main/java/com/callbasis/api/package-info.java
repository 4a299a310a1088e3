/**
 * The HTTP API and web console (issue 14): an HTTP/1.1 server on Netty's codec-http, principals
 * (users, API tokens, OpenID Connect bearer tokens), roles and tenant scoping, supervisor replay,
 * agents' pause and resume, and the console's static files. Live calls are reached through
 * {@link com.callbasis.api.calls.LiveCalls}, which gateway-app adapts to gateway-core.
 */
package com.callbasis.api;
