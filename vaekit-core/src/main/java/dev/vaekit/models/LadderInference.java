package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** How a {@link LadderVae}'s posterior over its stochastic layers is computed. */
public enum LadderInference {
    /**
     * The ladder of Sønderby et al. 2016: a deterministic bottom-up pass gives each layer an approximate likelihood
     * N(μ̂_l, σ̂_l²), and q(z_l|·) is drawn top-down as its precision-weighted product with the generative
     * p(z_l|z_{l+1}) (eqs. 18–19), so inference and generation share the top-down path.
     */
    LADDER,
    /**
     * The bottom-up chain of a plain hierarchical VAE (Burda et al. 2015, §5; Sønderby et al. 2016, eq. 6):
     * q(z_1|x) q(z_2|z_1) … q(z_L|z_{L−1}), each factor from the layer below's draw.
     */
    BOTTOM_UP;

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static LadderInference parse(String text) {
        return Choices.parse(LadderInference.class, text, "inference");
    }
}
