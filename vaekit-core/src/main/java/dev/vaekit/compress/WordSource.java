package dev.vaekit.compress;

/** Where a {@link RansStack} takes a 32-bit word when a pop needs one and its stack is empty. */
@FunctionalInterface
public interface WordSource {
    /**
     * @return the next word
     * @throws RuntimeException if there is none (a decoder's message that ran out)
     */
    int next();
}
