package io.mailferry.service.connector.graph;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The two Graph calls the connection probe makes, deciding as Graph does from the {@code roles} of tokens issued by a
 * {@link TokenEndpointDouble}: {@code GET /v1.0/users} (learn.microsoft.com/graph/api/user-list: User.Read.All or
 * Directory.Read.All, else 403 {@code Authorization_RequestDenied}) and {@code GET
 * /v1.0/users/{id}/mailFolders/inbox} (learn.microsoft.com/graph/api/mailfolder-get: Mail.ReadBasic.All, Mail.Read or
 * Mail.ReadWrite, else 403 {@code ErrorAccessDenied}; a user without a mailbox 404
 * {@code MailboxNotEnabledForRESTAPI}).
 * A token the sign-in double did not issue answers 401 {@code InvalidAuthenticationToken}. Error bodies are
 * learn.microsoft.com/graph/errors' {@code {"error":{"code","message"}}}. Mail access granted through Exchange RBAC for
 * Applications (not visible in the token) can be switched on. Thread-safe.
 */
final class GraphPermissionStub implements AutoCloseable {
    private final HttpServer server;
    private final TokenEndpointDouble login;
    /** Id to mail address ("" for a user without a mailbox), in the order added, as Graph lists them. */
    private final Map<String, String> users = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile boolean exchangeRbacMailAccess;

    GraphPermissionStub(TokenEndpointDouble login) throws IOException {
        this.login = login;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        login.acceptResource(resource());
    }

    /** Graph's version root here: http://127.0.0.1:PORT/v1.0 */
    URI base() {
        return URI.create(resource() + "/v1.0");
    }

    /** The token audience of this Graph (what {@code GraphCloud.graphScope()} asks for, without "/.default"). */
    String resource() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    GraphPermissionStub user(String id, String mail) {
        users.put(id, mail == null ? "" : mail);
        return this;
    }

    /** Mail of every mailbox readable whatever the token's roles (Exchange RBAC for Applications). */
    GraphPermissionStub exchangeRbacMailAccess(boolean on) {
        exchangeRbacMailAccess = on;
        return this;
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    void clearSeen() {
        seen.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            seen.add(exchange.getRequestMethod() + " " + path);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Set<String> roles = auth == null || !auth.startsWith("Bearer ") ? null
                    : login.roles(auth.substring("Bearer ".length()), resource());
            if (roles == null) {
                send(exchange, 401, error("InvalidAuthenticationToken", "Access token validation failure. Invalid"
                        + " audience."));
                return;
            }
            String[] s = path.split("/");
            if (path.equals("/v1.0/users") && "GET".equals(exchange.getRequestMethod())) {
                if (!roles.contains("User.Read.All") && !roles.contains("Directory.Read.All")) {
                    send(exchange, 403, error("Authorization_RequestDenied",
                            "Insufficient privileges to complete the operation."));
                    return;
                }
                StringBuilder value = new StringBuilder();
                users.forEach((id, mail) -> value.append(value.length() == 0 ? "" : ",")
                        .append("{\"id\":\"").append(id).append("\",\"userPrincipalName\":\"")
                        .append(mail.isEmpty() ? id + "@contoso.onmicrosoft.com" : mail).append("\",\"mail\":")
                        .append(mail.isEmpty() ? "null" : "\"" + mail + "\"").append('}'));
                send(exchange, 200, "{\"@odata.context\":\"" + base() + "/$metadata#users(id,userPrincipalName,mail)\","
                        + "\"value\":[" + value + "]}");
                return;
            }
            if (s.length == 6 && s[2].equals("users") && s[4].equals("mailFolders") && s[5].equals("inbox")) {
                String mail = users.get(s[3]);
                if (mail == null) {
                    send(exchange, 404, error("ErrorInvalidUser", "The requested user '" + s[3] + "' is invalid."));
                    return;
                }
                if (mail.isEmpty()) {
                    send(exchange, 404, error("MailboxNotEnabledForRESTAPI",
                            "The mailbox is either inactive, soft-deleted, or is hosted on-premise."));
                    return;
                }
                if (!exchangeRbacMailAccess && !roles.contains("Mail.Read") && !roles.contains("Mail.ReadWrite")
                        && !roles.contains("Mail.ReadBasic.All")) {
                    send(exchange, 403, error("ErrorAccessDenied", "Access is denied. Check credentials and try"
                            + " again."));
                    return;
                }
                send(exchange, 200, "{\"id\":\"AAMkAGI2TGuLAAA=\",\"displayName\":\"Inbox\",\"totalItemCount\":7}");
                return;
            }
            send(exchange, 400, error("BadRequest", "Resource not found for the segment '" + path + "'."));
        }
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"innerError\":{\"date\":"
                + "\"2026-12-02T10:00:00\",\"request-id\":\"9a1b2c3d-0000-4000-8000-000000000001\"}}}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;odata.metadata=minimal;"
                + "odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
