package dev.vaekit.train;

import dev.vaekit.VaekitException;

/** Training produced a NaN or infinite loss; the last checkpoint on disk is from the last good epoch. */
public class TrainingDivergedException extends VaekitException {
    private static final long serialVersionUID = 1L;

    /** @param message what diverged, where, and what to try */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
