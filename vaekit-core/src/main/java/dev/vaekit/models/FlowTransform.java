package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.flows.Dequantization;
import dev.vaekit.util.Choices;

/**
 * The map a dequantizing stand-alone flow applies to its 8-bit data before the flow ({@code model.flowTransform},
 * {@code --flow-transform}); its log-Jacobian is charged to the likelihood, so bits/dim stay those of the 8-bit data
 * whichever is chosen (docs/flows.md).
 */
public enum FlowTransform {
    /** The type's usual map: the logit for {@code realnvp} and {@code maf}, the shift for {@code glow}, none for NICE. */
    DEFAULT,
    /** None: the flow models y ∈ [0, 1) itself. */
    NONE,
    /**
     * RealNVP's logit(α + (1 − 2α) y), α = 0.05 (Dinh et al. 2017, §4.1): it stretches the ends of [0, 1), where most of
     * MNIST's pixels lie, by up to 1/(α(1 − α)) ≈ 21.
     */
    LOGIT,
    /** Glow's y − ½ (Kingma &amp; Dhariwal 2018, code). */
    SHIFT;

    /**
     * @param architecture a stand-alone flow's architecture
     * @return the transform this choice means for it
     */
    public Dequantization.Transform resolve(FlowArchitecture architecture) {
        return switch (this) {
            case DEFAULT -> architecture.defaultTransform();
            case NONE -> Dequantization.Transform.NONE;
            case LOGIT -> Dequantization.Transform.LOGIT;
            case SHIFT -> Dequantization.Transform.SHIFT;
        };
    }

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static FlowTransform parse(String text) {
        return Choices.parse(FlowTransform.class, text, "flow transform");
    }
}
