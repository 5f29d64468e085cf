package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.flows.ImageCoupling;
import dev.vaekit.util.Choices;

/**
 * How the affine couplings of an image {@code realnvp} or {@code glow} bound their log-scale s ({@code
 * model.flowScale}, {@code --flow-scale}); see {@link ImageCoupling.Scale}.
 */
public enum FlowScale {
    /** The type's usual bound: RealNVP's tanh for {@code realnvp}, Glow's sigmoid for {@code glow}. */
    DEFAULT,
    /**
     * s = γ · tanh(ŝ) with a learned γ per channel (Dinh et al. 2017): a coupling may stretch as well as shrink, by up
     * to e^γ.
     */
    TANH,
    /**
     * exp(s) = sigmoid(ŝ + 2), Glow's released code: every coupling shrinks, so no coupling can blow an unusual input
     * up (a RealNVP with tanh scales mapped a few pixels of one MNIST test image to |z| ≈ 380; BENCHMARKS.md).
     */
    SIGMOID,
    /** No scale, s = 0: additive couplings (NICE, Dinh et al. 2015; Glow's additive variant). */
    ADDITIVE;

    /**
     * @param architecture {@code realnvp} or {@code glow}
     * @return the coupling scale this choice means for it
     */
    public ImageCoupling.Scale resolve(FlowArchitecture architecture) {
        return switch (this) {
            case DEFAULT -> architecture.defaultScale();
            case TANH -> ImageCoupling.Scale.TANH;
            case SIGMOID -> ImageCoupling.Scale.SIGMOID;
            case ADDITIVE -> ImageCoupling.Scale.ADDITIVE;
        };
    }

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static FlowScale parse(String text) {
        return Choices.parse(FlowScale.class, text, "flow scale");
    }
}
