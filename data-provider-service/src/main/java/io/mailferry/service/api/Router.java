package io.mailferry.service.api;

import io.mailferry.model.api.ApiProblem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps method + path template ({@code /api/v1/connections/{id}/test}) to a {@link Handler}. Literal segments win over
 * {@code {param}} segments, so {@code POST /connections/test} and {@code POST /connections/{id}} can coexist.
 * Registration happens before the server starts; lookups are then thread-safe.
 */
public final class Router {
    private record Route(String method, String template, String[] segments, Handler handler) {
    }

    /** A found handler and the values of its template's parameters. */
    record Match(Handler handler, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    public Router post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    public Router put(String template, Handler handler) {
        return add("PUT", template, handler);
    }

    public Router delete(String template, Handler handler) {
        return add("DELETE", template, handler);
    }

    public Router add(String method, String template, Handler handler) {
        String[] segments = split(template);
        for (Route r : routes) {
            if (r.method.equals(method) && shape(r.segments).equals(shape(segments))) {
                throw new IllegalStateException("Route " + method + " " + template + " clashes with " + r.template);
            }
        }
        routes.add(new Route(method, template, segments, handler));
        return this;
    }

    /**
     * The handler for {@code method} and the raw (still percent-encoded) {@code path}.
     *
     * @throws ProblemException 404 {@code not_found} or 405 {@code method_not_allowed} (with an Allow header)
     */
    Match find(String method, String rawPath) {
        String[] path = split(rawPath);
        Match best = null;
        int bestLiterals = -1;
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments, path);
            if (params == null) {
                continue;
            }
            allowed.add(r.method);
            int literals = literals(r.segments);
            if (r.method.equals(method) && literals > bestLiterals) {
                best = new Match(r.handler, params);
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        if (!allowed.isEmpty()) {
            throw new ProblemException(ApiProblem.of(405, "method_not_allowed", "Method not allowed",
                    method + " is not allowed on " + rawPath + "; use " + String.join(", ", allowed) + "."),
                    Map.of("Allow", String.join(", ", allowed)));
        }
        throw new ProblemException(ApiProblem.of(404, "not_found", "Not found",
                "There is nothing at " + rawPath + "."));
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (isParam(t)) {
                params.put(t.substring(1, t.length() - 1), decode(path[i]));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    /** A percent-encoded path segment, decoded; a malformed escape ("%zz") is the client's mistake, a 400. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ApiProblem.of(400, "malformed_request", "Malformed request",
                    "The address has a malformed percent-escape in \"" + segment.replaceAll("\\p{Cntrl}", "?")
                            + "\"; encode '%' as %25."));
        }
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static int literals(String[] segments) {
        int n = 0;
        for (String s : segments) {
            n += isParam(s) ? 0 : 1;
        }
        return n;
    }

    private static String shape(String[] segments) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/').append(isParam(s) ? "{}" : s);
        }
        return b.toString();
    }
}
