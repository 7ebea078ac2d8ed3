package io.mailferry.service.api;

import io.mailferry.model.api.ApiProblem;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Who may talk to the loopback API at all, checked before the token: the Host header must name the loopback address
 * or name the service listens on (a web page that points a DNS name of its own at 127.0.0.1 — DNS rebinding — sends its
 * own name and is refused), and a browser's cross-origin request (an {@code Origin} other than the service's own, or
 * {@code Sec-Fetch-Site: cross-site}) is refused. The CLI and the panel send neither header, or the service's own
 * origin. Stateless; thread-safe.
 */
final class LocalOrigin {
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    private final IntSupplier port;

    LocalOrigin(IntSupplier port) {
        this.port = port;
    }

    /**
     * @throws ProblemException 421 when the Host header names another host or port, 403 for a cross-origin browser
     *                          request
     */
    void check(String host, String origin, String fetchSite) {
        if (!loopback(host)) {
            throw new ProblemException(ApiProblem.of(421, "wrong_host", "Wrong host",
                    "This service answers only requests addressed to 127.0.0.1:" + port.getAsInt() + " or localhost:"
                            + port.getAsInt()
                            + "; the request was addressed to " + shown(host) + "."));
        }
        boolean crossOrigin = origin != null && !origin.equalsIgnoreCase("null") && !sameOrigin(origin);
        if (crossOrigin || (origin != null && origin.equalsIgnoreCase("null"))
                || "cross-site".equalsIgnoreCase(fetchSite)) {
            throw new ProblemException(ApiProblem.of(403, "cross_origin", "Cross-origin request refused",
                    "This service does not answer requests from web pages; use the Mailferry panel or command line."));
        }
    }

    private boolean loopback(String host) {
        if (host == null || host.isBlank()) {
            return true; // HTTP/1.0 clients send none; only a browser's request matters here and it always sends one
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        String name = h;
        String hostPort = null;
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) {
            name = h.substring(0, colon);
            hostPort = h.substring(colon + 1);
        }
        return LOOPBACK_NAMES.contains(name) && (hostPort == null || hostPort.equals(Integer.toString(port.getAsInt())));
    }

    private boolean sameOrigin(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (!o.startsWith("http://")) {
            return false;
        }
        String host = o.substring("http://".length());
        return host.contains(":") && !host.contains("/") && loopback(host);
    }

    /** The header as given, cut short and without control characters, so a hostile value cannot shape a reply. */
    private static String shown(String host) {
        String clean = host.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (clean.length() > 80 ? clean.substring(0, 80) + "…" : clean) + "\"";
    }
}
