package io.mailferry.service.connector.graph;

import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The HTTP client that the requests of one connection's mailboxes go through, made anew after a request went
 * unanswered. Over HTTP/2 the JDK's client sends every request to a host over one connection and keeps sending new
 * ones over a connection that went quiet (a NAT or proxy dropped it silently) until TCP gives it up, minutes later:
 * each retry would wait out its whole timeout. A new client opens a new connection; requests still in flight on the
 * old one end as they would. Thread-safe.
 */
final class GraphClients {
    private final Supplier<HttpClient> factory;
    private final AtomicReference<HttpClient> current;

    GraphClients(Supplier<HttpClient> factory) {
        this.factory = factory;
        this.current = new AtomicReference<>(factory.get());
    }

    /** Clients for {@code cloud} ({@link GraphHttp#newClient}). */
    static GraphClients of(GraphCloud cloud) {
        return new GraphClients(() -> GraphHttp.newClient(cloud));
    }

    /** The client to send the next request with. */
    HttpClient current() {
        return current.get();
    }

    /**
     * After a request sent with {@code quiet} got no answer in time: later requests go through a new client. Many
     * requests that went quiet together make one new client.
     */
    void renew(HttpClient quiet) {
        if (current.get() == quiet) {
            current.compareAndSet(quiet, factory.get()); // a client made by a caller that lost the race is dropped
        }
    }
}
