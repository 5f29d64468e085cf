package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.io.Choices;

/** The decoder's observation model p(x|z). */
public enum LikelihoodKind {
    /** Factorised Bernoulli from logits, for binary (or binarised) data. */
    BERNOULLI,
    /** Factorised Gaussian around the decoder's output, for real-valued data. */
    GAUSSIAN,
    /**
     * Per column of a CSV table (see {@link dev.vaekit.data.TableSchema}): Gaussian for numeric columns, Bernoulli for
     * binary ones, categorical for categorical ones.
     */
    MIXED,
    /**
     * Discretized logistic mixture of Salimans et al. 2017 (PixelCNN++, eq. 2) per pixel, for 8-bit grey values
     * ({@code data.binarization none}); {@code model.mixtureComponents} logistics per pixel.
     */
    DISCRETIZED_LOGISTIC;

    /** @return the config name */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a config name. */
    @JsonCreator
    public static LikelihoodKind parse(String text) {
        return Choices.parse(LikelihoodKind.class, text, "likelihood");
    }
}
