package io.mailferry.admin.client;

import java.net.URI;

/** Where the running service listens and the bearer token it expects. The token never appears in toString. */
public record ServiceEndpoint(URI baseUrl, String token) {
    @Override
    public String toString() {
        return "ServiceEndpoint[" + baseUrl + "]";
    }
}
