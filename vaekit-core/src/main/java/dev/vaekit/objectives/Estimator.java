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
    IWAE;

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
