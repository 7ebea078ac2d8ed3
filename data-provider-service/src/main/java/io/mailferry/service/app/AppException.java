package io.mailferry.service.app;

import java.util.List;

/**
 * A use case refused a request. Carries a stable {@code code} (e.g. {@code connection_not_found}) and one plain
 * sentence per problem; the api turns the {@link Kind} into an HTTP status. Never carries a secret.
 */
public class AppException extends RuntimeException {
    /** What kind of refusal, independent of HTTP. */
    public enum Kind {
        /** The request itself is invalid (400). */
        INVALID,
        /** The thing named does not exist (404). */
        NOT_FOUND,
        /** The current state forbids it, e.g. deleting a connection a job uses (409). */
        CONFLICT,
        /** Well-formed but cannot be processed as asked, e.g. starting a job without pairs (422). */
        UNPROCESSABLE,
        /** The server behind a connection refused or failed, e.g. a tenant that denies reading its directory (502). */
        UPSTREAM
    }

    private final Kind kind;
    private final String code;
    private final List<String> problems;

    public AppException(Kind kind, String code, String message) {
        this(kind, code, List.of(message));
    }

    public AppException(Kind kind, String code, List<String> problems) {
        super(String.join(" ", problems));
        this.kind = kind;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public static AppException notFound(String code, String message) {
        return new AppException(Kind.NOT_FOUND, code, message);
    }

    /** Validation failed; every sentence names one problem. */
    public static AppException invalid(List<String> problems) {
        return new AppException(Kind.INVALID, "validation_failed", problems);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<String> problems() {
        return problems;
    }
}
