package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.Datasets;
import dev.vaekit.util.ConfigField;

/**
 * The decoder's observation model p(x|z), as the families with a decoder configure it.
 *
 * @param kind the distribution ({@code model.likelihood})
 * @param variance for a Gaussian likelihood: fixed, shared or per-dimension σ
 * @param sigma for a Gaussian likelihood: the fixed σ, or the initial one when learned
 * @param mixtureComponents for the discretized-logistic likelihood: the number K ≥ 1 of logistics in each pixel's
 *     mixture (Salimans et al. 2017, eq. 2), or, on colour images, in each pixel's mixture over its colours (eq. 3);
 *     stays 1 for the other likelihoods
 */
public record LikelihoodConfig(
        @JsonProperty("likelihood")
                @ConfigField(
                        flag = "--likelihood",
                        label = "P",
                        value = "Observation model p(x|z): bernoulli, gaussian, mixed (per CSV column), or for 8-bit "
                                + "values with --binarize none discretized-logistic or categorical-256 (a 256-way "
                                + "softmax per value).")
                LikelihoodKind kind,
        @ConfigField(flag = "--variance", label = "V", value = "Gaussian σ: fixed, shared or per-dimension.")
                GaussianVariance variance,
        @ConfigField(flag = "--sigma", label = "S", value = "Gaussian σ, fixed or initial.") double sigma,
        @ConfigField(
                        flag = "--mixture-components",
                        label = "K",
                        value = "Logistics per value of the discretized-logistic likelihood (Salimans et al. 2017); "
                                + "on colour images per pixel, its colours coupled as in their eq. 3.")
                int mixtureComponents)
        implements ConfigPart {

    /** Validates every field. */
    public LikelihoodConfig {
        if (kind == null || variance == null) {
            throw new InvalidInputException("model.likelihood and model.variance must be set");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("model.sigma must be a finite number > 0, got " + sigma);
        }
        if (mixtureComponents < 1) {
            throw new InvalidInputException("model.mixtureComponents must be >= 1, got " + mixtureComponents);
        }
        if (mixtureComponents != 1 && kind != LikelihoodKind.DISCRETIZED_LOGISTIC) {
            throw new InvalidInputException("model.mixtureComponents (--mixture-components) applies to the "
                    + "discretized-logistic likelihood only; model.likelihood is " + kind.id() + " and "
                    + "mixtureComponents " + mixtureComponents);
        }
    }

    /**
     * Checks that the data are what this likelihood models: a table for the mixed likelihood, and values as they are
     * (no binarization) for the mixed and 8-bit likelihoods.
     *
     * @param data the run's data section
     * @throws InvalidInputException naming the fields, if they do not fit
     */
    public void validateRun(DataConfig data) {
        if (kind == LikelihoodKind.MIXED) {
            if (!data.dataset().trim().startsWith(Datasets.CSV_PREFIX)) {
                throw new InvalidInputException("model.likelihood mixed models the columns of a table: set "
                        + "data.dataset to csv:PATH, got " + data.dataset());
            }
            if (data.binarization() != Binarization.NONE) {
                throw new InvalidInputException("model.likelihood mixed models the columns as they are: set "
                        + "data.binarization (--binarize) to none");
            }
        }
        if (kind.eightBit() && data.binarization() != Binarization.NONE) {
            throw new InvalidInputException("model.likelihood " + kind.id()
                    + " models 8-bit grey values: set data.binarization (--binarize) to none, got "
                    + data.binarization().id());
        }
    }

    /** @return a builder holding the defaults: Bernoulli, a fixed σ of 0.1 for a Gaussian, one mixture component */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder().kind(kind).variance(variance).sigma(sigma).mixtureComponents(mixtureComponents);
    }

    /** Builds a {@link LikelihoodConfig}; it starts from the defaults. */
    public static final class Builder {
        private LikelihoodKind kind = LikelihoodKind.BERNOULLI;
        private GaussianVariance variance = GaussianVariance.FIXED;
        private double sigma = 0.1;
        private int mixtureComponents = 1;

        private Builder() {}

        /** @param value the distribution @return this builder */
        public Builder kind(LikelihoodKind value) {
            this.kind = value;
            return this;
        }

        /** @param value how a Gaussian's σ is set @return this builder */
        public Builder variance(GaussianVariance value) {
            this.variance = value;
            return this;
        }

        /** @param value a Gaussian's fixed or initial σ @return this builder */
        public Builder sigma(double value) {
            this.sigma = value;
            return this;
        }

        /** @param value logistics per value of the discretized-logistic likelihood @return this builder */
        public Builder mixtureComponents(int value) {
            this.mixtureComponents = value;
            return this;
        }

        /** @return the validated config */
        public LikelihoodConfig build() {
            return new LikelihoodConfig(kind, variance, sigma, mixtureComponents);
        }
    }
}
