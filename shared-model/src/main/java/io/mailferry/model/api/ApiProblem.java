package io.mailferry.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error body ({@code application/problem+json}, RFC 9457) with a stable machine code and a plain sentence.
 *
 * @param type   {@code urn:mailferry:problem:<code>}
 * @param title  short summary, stable per code
 * @param status HTTP status
 * @param code   stable code, e.g. {@code connection_not_found}, {@code validation_failed}, {@code unauthorized}
 * @param detail one sentence for the admin, naming the side and the cause
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiProblem(String type, String title, int status, String code, String detail) {
    public static ApiProblem of(int status, String code, String title, String detail) {
        return new ApiProblem("urn:mailferry:problem:" + code, title, status, code, detail);
    }
}
