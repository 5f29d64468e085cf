package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.Bernoulli;
import dev.vaekit.distributions.Gaussian;
import dev.vaekit.nn.Parameters;

/**
 * The decoder's distribution p(x|z) given the decoder network's output (logits for Bernoulli, the mean for Gaussian).
 */
public interface ObservationModel {

    /**
     * @param x data, shape (batch, d)
     * @param output decoder output, shape (..., batch, d)
     * @return log p(x|z), shape (..., batch)
     */
    NDArray logProb(NDArray x, NDArray output);

    /** @return E[x|z], the picture drawn for a decoded code */
    NDArray mean(NDArray output);

    /**
     * Builds the observation model a config asks for, creating its parameters (a learned log σ) if any.
     *
     * @param config model config
     * @param params where learned parameters go ({@code decoder.logSigma})
     * @return the observation model
     */
    static ObservationModel create(ModelConfig config, Parameters params) {
        if (config.likelihood() == LikelihoodKind.BERNOULLI) {
            return new BernoulliObservation();
        }
        double sigma = config.sigma();
        return switch (config.variance()) {
            case FIXED -> new FixedGaussianObservation(sigma);
            case SHARED -> new LearnedGaussianObservation(
                    params.constant("decoder.logSigma", new Shape(1), (float) Math.log(sigma)));
            case PER_DIMENSION -> new LearnedGaussianObservation(
                    params.constant("decoder.logSigma", new Shape(config.inputDim()), (float) Math.log(sigma)));
        };
    }

    /** Bernoulli from logits. */
    final class BernoulliObservation implements ObservationModel {
        @Override
        public NDArray logProb(NDArray x, NDArray logits) {
            return Bernoulli.logProb(x, logits);
        }

        @Override
        public NDArray mean(NDArray logits) {
            return Bernoulli.mean(logits);
        }
    }

    /** Gaussian with a constant σ. */
    final class FixedGaussianObservation implements ObservationModel {
        private final double sigma;

        FixedGaussianObservation(double sigma) {
            this.sigma = sigma;
        }

        @Override
        public NDArray logProb(NDArray x, NDArray mean) {
            return Gaussian.logProbFixedSigma(x, mean, sigma);
        }

        @Override
        public NDArray mean(NDArray output) {
            return output;
        }
    }

    /** Gaussian with a learned log σ (shared, shape (1), or per coordinate, shape (d)). */
    final class LearnedGaussianObservation implements ObservationModel {
        private final NDArray logSigma;

        LearnedGaussianObservation(NDArray logSigma) {
            this.logSigma = logSigma;
        }

        @Override
        public NDArray logProb(NDArray x, NDArray mean) {
            return Gaussian.logProb(x, mean, logSigma.mul(2f));
        }

        @Override
        public NDArray mean(NDArray output) {
            return output;
        }
    }
}
