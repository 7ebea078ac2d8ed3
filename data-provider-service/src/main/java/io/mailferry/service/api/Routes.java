package io.mailferry.service.api;

/**
 * A group of routes (health, connections, jobs, ...), handed to the {@link ApiServer} by the composition root.
 * Adding a feature's endpoints = one class implementing this + one line in {@code ServiceMain}.
 */
public interface Routes {
    void register(Router router);
}
