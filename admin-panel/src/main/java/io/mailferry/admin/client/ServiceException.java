package io.mailferry.admin.client;

/**
 * A call to the service failed. The message is one plain sentence for the admin: the service's own {@code detail}
 * when it answered with a problem, or what went wrong on the way (not running, no answer).
 */
public class ServiceException extends RuntimeException {

    /** Code used when the service does not run or does not answer at all. */
    public static final String NOT_RUNNING = "service_not_running";

    private final int status;
    private final String code;

    public ServiceException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public ServiceException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The stable problem code, e.g. {@code connection_not_found}, or {@link #NOT_RUNNING}. */
    public String code() {
        return code;
    }

    public boolean serviceDown() {
        return NOT_RUNNING.equals(code);
    }
}
