package dev.vaekit.flows;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.nn.Parameters;
import dev.vaekit.util.Choices;
import java.util.List;

/**
 * The normalization layer in front of each affine coupling of a RealNVP ({@link VectorFlows#realNvp} on vectors,
 * {@link ImageFlows#realNvp} on images); {@code model.flowNorm} in a config.
 */
public enum FlowNormalization {
    /** None. */
    NONE,
    /** {@link ActNorm} (Kingma &amp; Dhariwal 2018, §3.1): a per-feature affine map initialised from the first batch. */
    ACTNORM,
    /**
     * {@link BatchNormFlow} (Dinh et al. 2017, §3.6), as in the RealNVP paper: batch statistics while training,
     * running averages otherwise; remember {@link FlowLayer#setTraining}.
     */
    BATCHNORM;

    /**
     * Appends this normalization's layer, if any.
     *
     * @param layers where it goes
     * @param params where its parameters are created
     * @param prefix their name prefix
     * @param features the features of a vector or the channels of an image
     */
    void addTo(List<FlowLayer> layers, Parameters params, String prefix, int features) {
        switch (this) {
            case ACTNORM -> layers.add(new ActNorm(params, prefix, features));
            case BATCHNORM -> layers.add(new BatchNormFlow(params, prefix, features));
            case NONE -> {}
        }
    }

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static FlowNormalization parse(String text) {
        return Choices.parse(FlowNormalization.class, text, "flow normalization");
    }
}
