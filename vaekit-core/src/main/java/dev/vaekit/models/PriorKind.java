package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** The prior p(z) of a VAE. */
public enum PriorKind {
    /** p(z) = N(0, I). */
    STANDARD,
    /**
     * The VampPrior (Tomczak &amp; Welling 2018, eq. 9): p(z) = (1/K) Σ_k q(z|u_k), a mixture of the encoder's
     * posteriors at K learned pseudo-inputs u_k.
     */
    VAMP,
    /**
     * A flow prior: p(z) = N(g(z); 0, I) |det ∂g/∂z| with g a stack of masked autoregressive flow steps
     * (Papamakarios et al. 2017), evaluated in one pass and sampled dimension by dimension.
     */
    FLOW;

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static PriorKind parse(String text) {
        return Choices.parse(PriorKind.class, text, "prior");
    }
}
