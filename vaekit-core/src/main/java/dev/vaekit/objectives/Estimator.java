package dev.vaekit.objectives;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** How the bound is estimated from L samples z_l = μ + σ ε_l per datapoint. */
public enum Estimator {
    /**
     * Kingma &amp; Welling's generic SGVB estimator A (eq. 6): (1/L) Σ_l [log p(x|z_l) + log p(z_l) − log q(z_l|x)].
     * The KL term is Monte-Carlo too.
     */
    A,
    /**
     * Estimator B (eq. 7): −KL(q(z|x) ‖ p(z)) in closed form plus (1/L) Σ_l log p(x|z_l). Lower variance when the KL
     * is analytic, as it is for a Gaussian posterior and prior.
     */
    B,
    /**
     * The importance-weighted bound of Burda et al. 2015 (eq. 8): log (1/L) Σ_l p(x, z_l)/q(z_l|x); L = 1 is the ELBO
     * and the bound tightens as L grows.
     */
    IWAE,
    /**
     * The multiply importance-weighted bound of Rainforth et al. 2018 ("Tighter Variational Bounds are Not Necessarily
     * Better", eq. 3): the mean of M independent IWAE bounds of K samples each, (1/M) Σ_m log (1/K) Σ_k w_mk, with M
     * = {@code objective.groups} and K = {@code objective.samples}. MIWAE(1, K) is IWAE(K); MIWAE(M, 1) is the ELBO
     * with M samples.
     */
    MIWAE,
    /**
     * The combination importance-weighted bound of Rainforth et al. 2018 (eq. 4): β ELBO + (1 − β) IWAE(K) on the same
     * K = {@code objective.samples} draws, β = {@code objective.ciwaeBeta}; β = 1 is the ELBO, β = 0 IWAE.
     */
    CIWAE,
    /**
     * The partially importance-weighted scheme of Rainforth et al. 2018 (§5): the generative network's gradient is the
     * IWAE(M·K) bound's, the inference network's the MIWAE(M, K) bound's, both from the same M·K draws. Its reported
     * bound is IWAE(M·K).
     */
    PIWAE;

    /**
     * @return whether the estimator weighs several draws inside a logarithm (IWAE, MIWAE, CIWAE, PIWAE), so that its
     *     bound ignores the KL weight, warm-up and free bits
     */
    public boolean importanceWeighted() {
        return this != A && this != B;
    }

    /** @return the config name */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a config name. */
    @JsonCreator
    public static Estimator parse(String text) {
        return Choices.parse(Estimator.class, text, "estimator");
    }
}
