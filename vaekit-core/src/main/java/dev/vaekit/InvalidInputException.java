package dev.vaekit;

/**
 * The user's input is wrong: a malformed data file, an invalid configuration value, a corrupted checkpoint, a missing
 * file. The command line reports the message on one line and exits with code 2.
 */
public class InvalidInputException extends VaekitException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the input, what was expected and what was found */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the input, what was expected and what was found
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
