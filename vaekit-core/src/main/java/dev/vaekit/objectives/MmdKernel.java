package dev.vaekit.objectives;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/**
 * The kernel of a maximum mean discrepancy ({@link Mmd}) between codes in ℝ^d, with scale C = 2 d s for a scale s
 * (the prior's variance, 1 for N(0, I)), as Tolstikhin et al. 2018 (§4) set it for the inverse multiquadratic kernel.
 */
public enum MmdKernel {
    /** The inverse multiquadratic kernel k(x, y) = C / (C + ‖x − y‖²) (Tolstikhin et al. 2018, §4), heavy-tailed. */
    IMQ,
    /** The Gaussian (RBF) kernel k(x, y) = exp(−‖x − y‖² / C), i.e. of bandwidth h² = C/2 = d s (Zhao et al. 2017). */
    RBF;

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static MmdKernel parse(String text) {
        return Choices.parse(MmdKernel.class, text, "model.mmdKernel");
    }
}
