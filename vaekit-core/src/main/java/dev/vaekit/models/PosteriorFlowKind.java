package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/**
 * The normalizing flow that turns a VAE's diagonal Gaussian q_0(z|x) into a richer posterior q_K(z|x): z_0 ~ q_0,
 * z_K = f_K ∘ … ∘ f_1(z_0), log q_K(z_K|x) = log q_0(z_0|x) − Σ_k log |det ∂f_k/∂z_{k−1}| (Rezende &amp; Mohamed
 * 2015, eq. 6).
 */
public enum PosteriorFlowKind {
    /** No flow: q(z|x) is the encoder's Gaussian. */
    NONE,
    /** Planar flows f(z) = z + û h(wᵀz + b) (Rezende &amp; Mohamed 2015, eq. 10), parameters shared by all x. */
    PLANAR,
    /**
     * Planar flows whose u_k, w_k, b_k the encoder outputs for each x, as in Rezende &amp; Mohamed's experiments (§4:
     * the inference network maps x to the flow's parameters as well as to μ and σ); {@code flowLength · (2 latentDim
     * + 1)} more encoder outputs.
     */
    AMORTIZED_PLANAR,
    /** Radial flows f(z) = z + β h(α, r)(z − z₀) (Rezende &amp; Mohamed 2015, eq. 14), shared by all x. */
    RADIAL,
    /**
     * Inverse autoregressive flow (Kingma et al. 2016, eq. 10–14): MADE steps conditioned on a context h(x) that the
     * encoder outputs beside μ and log σ², so the flow depends on x.
     */
    IAF;

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static PosteriorFlowKind parse(String text) {
        return Choices.parse(PosteriorFlowKind.class, text, "posterior flow");
    }
}
