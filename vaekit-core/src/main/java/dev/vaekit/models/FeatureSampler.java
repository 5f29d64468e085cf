package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.Bernoulli;
import dev.vaekit.distributions.DiscretizedLogistic;
import dev.vaekit.distributions.Gaussian;
import dev.vaekit.nn.Parameters;
import dev.vaekit.nn.PixelCnn;

/**
 * The step of autoregressive sampling that depends on the observation model: draws one feature x_i of every image from
 * its parameters under p(x_i | x_&lt;i, z), which arrive as the decoder's P outputs for that feature in block order
 * ({@link ObservationModel#parametersPerFeature}). Every random number comes from the engine's generator, so a seeded
 * engine ({@link dev.vaekit.engine.Engines#seed}) draws the same images.
 */
final class FeatureSampler {
    private FeatureSampler() {}

    /**
     * @param config the model's config
     * @param likelihood its observation model, which decides how to draw
     * @param parameters the model's parameters (a learned Gaussian σ is {@code decoder.logSigma})
     * @return the draw of one feature for {@link PixelCnn#sample}
     * @throws IllegalStateException for a likelihood without a per-feature sampler
     */
    static PixelCnn.PixelDraw create(ModelConfig config, LikelihoodConfig likelihood, Parameters parameters) {
        return switch (likelihood.kind()) {
            case BERNOULLI -> (logits, pixel) -> {
                NDArray l = perImage(logits);
                return Bernoulli.sample(l, uniform(l.getManager(), l.getShape()));
            };
            case GAUSSIAN -> {
                NDArray logSigma = parameters.asMap().get("decoder.logSigma");
                float fixed = (float) Math.log(likelihood.sigma());
                yield (mean, pixel) -> {
                    NDArray m = perImage(mean);
                    NDManager manager = m.getManager();
                    NDArray ls =
                            switch (likelihood.variance()) {
                                case FIXED -> manager.create(fixed);
                                case SHARED -> logSigma;
                                case PER_DIMENSION -> logSigma.get(pixel);
                            };
                    return Gaussian.sample(m, ls, manager.randomNormal(m.getShape()));
                };
            }
            case DISCRETIZED_LOGISTIC -> {
                int k = likelihood.mixtureComponents();
                yield k == 1 ? FeatureSampler::discretizedLogistic : (output, pixel) -> mixture(output, k);
            }
            default -> throw new IllegalStateException("model.likelihood "
                    + likelihood.kind().id() + ": drawing "
                    + config.type() + " samples pixel by pixel is not implemented for this likelihood (add a case to "
                    + "dev.vaekit.models.FeatureSampler)");
        };
    }

    /** (n, 1) → (n). */
    private static NDArray perImage(NDArray output) {
        return output.reshape(output.getShape().get(0));
    }

    private static NDArray uniform(NDManager manager, Shape shape) {
        return manager.randomUniform(0f, 1f, shape);
    }

    /** Output (n, 2): the mean, then the log-scale. */
    private static NDArray discretizedLogistic(NDArray output, int pixel) {
        NDList blocks = output.split(2, 1);
        long n = output.getShape().get(0);
        NDArray u = uniform(output.getManager(), new Shape(n, 1));
        return perImage(DiscretizedLogistic.sample(blocks.get(0), blocks.get(1), u));
    }

    /** Output (n, 3K): K weight logits, K means, K log-scales. */
    private static NDArray mixture(NDArray output, int components) {
        long n = output.getShape().get(0);
        NDList blocks = output.split(3, 1);
        Shape perComponent = new Shape(n, components, 1);
        NDManager manager = output.getManager();
        NDArray componentUniform = uniform(manager, perComponent);
        NDArray u = uniform(manager, new Shape(n, 1));
        return perImage(DiscretizedLogistic.mixtureSample(
                blocks.get(0).reshape(perComponent),
                blocks.get(1).reshape(perComponent),
                blocks.get(2).reshape(perComponent),
                componentUniform,
                u));
    }
}
