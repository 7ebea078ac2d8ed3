package io.mailferry.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.model.api.ApiProblem;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the HTTP server answers for a request it refuses before any route sees it (a malformed URL or request line,
 * an over-long header): an {@code application/problem+json} document like every other error of the API, in plain
 * words, never the HTML page with the server's or an exception's name.
 */
final class ProblemErrorPage extends ErrorHandler {
    private static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
    private final ObjectMapper json;

    ProblemErrorPage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, PROBLEM_JSON));
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(int status) {
        ApiProblem problem = status == 400 || status == 414 || status == 431
                ? ApiProblem.of(status, "malformed_request", "Malformed request", "The request's URL or headers are"
                        + " malformed or too long (percent-escapes must be '%' and two hex digits; encode '%' as %25).")
                : ApiProblem.of(status, "refused", "Request refused", "The service could not take this request.");
        try {
            return json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
