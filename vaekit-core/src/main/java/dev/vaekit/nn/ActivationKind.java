package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** Hidden-layer nonlinearities. */
public enum ActivationKind {
    /** max(0, x). */
    RELU,
    /** tanh(x), as in Kingma &amp; Welling and Burda et al. */
    TANH,
    /** log(1 + eˣ). */
    SOFTPLUS,
    /** x for x ≥ 0, eˣ − 1 otherwise. */
    ELU,
    /** Gaussian error linear unit. */
    GELU;

    /** Applies the nonlinearity elementwise. */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> Activation.relu(x);
            case TANH -> Activation.tanh(x);
            case SOFTPLUS -> Activation.softPlus(x);
            case ELU -> Activation.elu(x, 1f);
            case GELU -> Activation.gelu(x);
        };
    }

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static ActivationKind parse(String text) {
        return Choices.parse(ActivationKind.class, text, "activation");
    }
}
