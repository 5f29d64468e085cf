package dev.vaekit.ui;

/** A request the explorer answers with an HTTP error status and a one-line message, never a stack trace. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
