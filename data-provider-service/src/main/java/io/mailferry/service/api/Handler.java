package io.mailferry.service.api;

/**
 * Answers one route. May throw {@link io.mailferry.service.app.AppException} (rendered with its code) or
 * {@link ProblemException}; anything else becomes a logged 500 {@code internal_error}.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
