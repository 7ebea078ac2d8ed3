package io.mailferry.service.api;

import io.mailferry.model.api.ApiProblem;
import java.util.Map;

/** Ends a request with the given problem (and optional extra headers); for HTTP-level refusals. */
public final class ProblemException extends RuntimeException {
    private final ApiProblem problem;
    private final Map<String, String> headers;

    public ProblemException(ApiProblem problem) {
        this(problem, Map.of());
    }

    public ProblemException(ApiProblem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem problem() {
        return problem;
    }

    Response response() {
        return new Response(problem.status(), Response.PROBLEM_JSON, problem, headers);
    }
}
