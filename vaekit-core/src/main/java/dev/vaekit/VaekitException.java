package dev.vaekit;

/**
 * Base of every exception vaekit throws on purpose. Its message is one line meant for a user: it names the file,
 * field or option at fault, what was expected and what was found.
 */
public class VaekitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line for the user */
    public VaekitException(String message) {
        super(message);
    }

    /**
     * @param message one line for the user
     * @param cause the underlying failure, kept for {@code --debug}
     */
    public VaekitException(String message, Throwable cause) {
        super(message, cause);
    }
}
