package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The prior p(z) of a {@link Vae}: what codes are drawn from, and what the KL term pulls posteriors towards. */
public interface Prior {

    /**
     * @param z codes, shape (..., latentDim)
     * @return log p(z), shape (...)
     */
    NDArray logProb(NDArray z);

    /**
     * Draws codes, with the engine's seeded generator.
     *
     * @param manager owner of the result
     * @param n how many
     * @return z ~ p(z), shape (n, latentDim)
     */
    NDArray sample(NDManager manager, long n);

    /**
     * @return whether KL(q(z|x) ‖ p(z)) has a closed form — true for N(0, I) only — so
     *     that estimator B and free bits apply
     */
    boolean analyticKl();

    /** @return the prior's name as {@code model.prior} gives it: {@code standard}, {@code vamp} or {@code flow} */
    String id();

    /**
     * @return whether p(z) is N(0, I), whose draws a temperature T may scale to N(0, T²I) (Kingma &amp; Dhariwal
     *     2018, §5)
     */
    default boolean standardNormal() {
        return false;
    }
}
