package dev.vaekit.samplers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** Which codes of the training data a {@link LatentSampler} is fitted to. */
public enum CodeSource {
    /** The model's one code per example ({@link dev.vaekit.models.Autoencoder#code}): a VAE's posterior mean μ(x). */
    MEAN,
    /**
     * One draw z ~ q(z|x) per example, for a model whose encoder gives a distribution: draws of the aggregate
     * posterior q(z) = E_x q(z|x), which the second stage of Dai &amp; Wipf 2019 models.
     */
    SAMPLE;

    /** @return the lower-case name used in files and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /**
     * Parses a name case-insensitively.
     *
     * @param text the name
     * @return the source
     * @throws dev.vaekit.InvalidInputException naming the choices when none matches
     */
    @JsonCreator
    public static CodeSource parse(String text) {
        return Choices.parse(CodeSource.class, text, "code source");
    }
}
