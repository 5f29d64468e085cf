package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

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
     * ({@code data.binarization none}); {@code model.mixtureComponents} logistics per pixel. On colour images (3
     * channels) one mixture per pixel over its colours, the mean of green linear in red and that of blue in red and
     * green (eq. 3).
     */
    DISCRETIZED_LOGISTIC,
    /**
     * The 256-way softmax of van den Oord et al. 2016 (PixelRNN, section 2.2) per pixel, for 8-bit grey values
     * ({@code data.binarization none}); the decoder gives 256 logits per pixel.
     */
    CATEGORICAL_256;

    /**
     * @return whether the likelihood is a distribution over the 256 grey levels of 8-bit pixels, and so needs the
     *     data as grey values ({@code data.binarization none})
     */
    public boolean eightBit() {
        return switch (this) {
            case DISCRETIZED_LOGISTIC, CATEGORICAL_256 -> true;
            case BERNOULLI, GAUSSIAN, MIXED -> false;
        };
    }

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
