package dev.vaekit.compress;

import dev.vaekit.util.Choices;

/**
 * The order in which bits-back coding pops and pushes the latent layers of a {@link LatentChainModel}; a compressed
 * file records it ({@link CompressedFile}), and a file is decoded with the scheme it was coded with. Both orders code
 * the same symbols with the same tables, so they have the same expected code length per example (the model's −ELBO,
 * up to the discretisation); they differ in how many initial bits the first example needs (see {@link #BIT_SWAP}).
 */
public enum CodingScheme {
    /**
     * BB-ANS (Townsend, Bird &amp; Barber 2019, algorithm 1), with L layers as Kingma, Abbeel &amp; Ho 2019 describe it
     * for comparison (their section 3): pop z_1 ~ q(z_1|x), then z_2 ~ q(z_2|z_1), … z_L ~ q(z_L|z_{L−1}); push x with
     * p(x|z_1), then z_1 with p(z_1|z_2), … z_{L−1} with p(z_{L−1}|z_L), and z_L with p(z_L). Every latent layer is
     * popped before anything is pushed, so the first example needs about −log₂ q(z_1..z_L|x) initial bits. With one
     * layer this is the BB-ANS of format version 1.
     */
    BB_ANS(0),
    /**
     * Bit-Swap (Kingma, Abbeel &amp; Ho 2019, section 3): pop z_1 ~ q(z_1|x) and push x with p(x|z_1); then for l = 1
     * … L−1 pop z_{l+1} ~ q(z_{l+1}|z_l) and push z_l with p(z_l|z_{l+1}); finally push z_L with p(z_L). Each pop
     * after the first takes its bits from what the step before pushed, so the first example needs about −log₂
     * q(z_1|x) initial bits (more only where a layer's pop outweighs everything pushed since the first pop) instead of
     * −log₂ q(z_1..z_L|x). Requires the posterior to be a Markov chain: q(z_{l+1}|·) may depend on z_l alone.
     */
    BIT_SWAP(1);

    private final int code;

    CodingScheme(int code) {
        this.code = code;
    }

    /** @return the byte a compressed file stores */
    public int code() {
        return code;
    }

    /** @return the lower-case name used on the command line: {@code bb-ans}, {@code bit-swap} */
    public String id() {
        return Choices.id(this);
    }

    /**
     * @param code a byte of a compressed file
     * @return its scheme
     * @throws IllegalArgumentException if no scheme has that code
     */
    public static CodingScheme ofCode(int code) {
        for (CodingScheme scheme : values()) {
            if (scheme.code == code) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("unknown coding scheme " + code + " (0 is bb-ans, 1 is bit-swap)");
    }

    /**
     * @param text a name, any case
     * @return its scheme
     * @throws dev.vaekit.InvalidInputException naming the choices when none matches
     */
    public static CodingScheme parse(String text) {
        return Choices.parse(CodingScheme.class, text, "coding scheme");
    }
}
