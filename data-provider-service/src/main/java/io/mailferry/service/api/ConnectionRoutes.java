package io.mailferry.service.api;

import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.service.app.ConnectionService;

/**
 * {@code /api/v1/connections}: create, list, show, update, delete and test connections, and read a connection's
 * directory of mailboxes (see docs/api.md).
 */
public final class ConnectionRoutes implements Routes {
    private static final String BASE = "/api/v1/connections";
    private final ConnectionService connections;

    public ConnectionRoutes(ConnectionService connections) {
        this.connections = connections;
    }

    @Override
    public void register(Router router) {
        router.get(BASE, r -> Response.ok(connections.list()))
                .post(BASE, r -> {
                    var created = connections.create(r.body(ConnectionRequest.class));
                    return Response.created(created, BASE + "/" + created.id());
                })
                .post(BASE + "/test", r -> Response.ok(connections.test(r.body(ConnectionRequest.class))))
                .get(BASE + "/{id}", r -> Response.ok(connections.get(r.param("id"))))
                .put(BASE + "/{id}", r -> Response.ok(connections.update(r.param("id"), r.body(ConnectionRequest.class))))
                .delete(BASE + "/{id}", r -> {
                    connections.delete(r.param("id"));
                    return Response.noContent();
                })
                .post(BASE + "/{id}/test", r -> Response.ok(connections.test(r.param("id"),
                        r.optionalBody(ConnectionRequest.class).orElse(null))))
                .get(BASE + "/{id}/directory", r -> Response.ok(connections.directory(r.param("id"))));
    }
}
