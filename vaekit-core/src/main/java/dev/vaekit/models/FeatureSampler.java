package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.Bernoulli;
import dev.vaekit.distributions.DiscretizedLogistic;
import dev.vaekit.distributions.DiscretizedLogisticColour;
import dev.vaekit.distributions.Gaussian;
import dev.vaekit.nn.Parameters;
import dev.vaekit.nn.PixelCnn;

/**
 * The step of autoregressive sampling that depends on the observation model: draws one feature x_i of every image from
 * its parameters under p(x_i | x_&lt;i, z), which arrive as the decoder's P outputs for that feature in block order
 * ({@link ObservationModel#parametersPerFeature}). On colour images a feature is one colour of one pixel, drawn given
 * the pixel's earlier colours: from its own P outputs for the per-feature likelihoods, and from p(x_c | x_&lt;c) of
 * Salimans et al. 2017, eq. 3, for the discretized logistic ({@link DiscretizedLogisticColour#sampleColour}). Every
 * random number comes from the engine's generator, so a seeded engine ({@link dev.vaekit.engine.Engines#seed}) draws
 * the same images.
 */
final class FeatureSampler {
    private FeatureSampler() {}

    /** Draws one feature from its own P parameters, shape (n, P). */
    @FunctionalInterface
    private interface FeatureDraw {
        NDArray draw(NDArray parameters, int feature);
    }

    /**
     * @param config the model's config
     * @param likelihood its observation model, which decides how to draw
     * @param parameters the model's parameters (a learned Gaussian σ is {@code decoder.logSigma})
     * @return the draw of one feature for {@link PixelCnn#sample}
     * @throws IllegalStateException for a likelihood without a per-feature sampler
     */
    static PixelCnn.PixelDraw create(ModelConfig config, LikelihoodConfig likelihood, Parameters parameters) {
        int channels = EncoderDecoder.channels(config);
        if (likelihood.kind() == LikelihoodKind.DISCRETIZED_LOGISTIC && channels == DiscretizedLogisticColour.COLOURS) {
            int k = likelihood.mixtureComponents();
            return (output, pixel, colour, drawn) -> colourMixture(output, k, colour, drawn);
        }
        FeatureDraw draw = perFeature(config, likelihood, parameters);
        if (channels == 1) {
            return (output, pixel, colour, drawn) -> draw.draw(output, pixel);
        }
        int plane = config.inputShape().get(1) * config.inputShape().get(2);
        return (output, pixel, colour, drawn) -> {
            long n = output.getShape().get(0);
            // output o = p·C + c: colour c's P parameters are every C-th output from c
            NDArray own = output.reshape(n, -1, channels).get(":, :, " + colour);
            return draw.draw(own, colour * plane + pixel);
        };
    }

    private static FeatureDraw perFeature(ModelConfig config, LikelihoodConfig likelihood, Parameters parameters) {
        return switch (likelihood.kind()) {
            case BERNOULLI -> (logits, feature) -> {
                NDArray l = perImage(logits);
                return Bernoulli.sample(l, uniform(l.getManager(), l.getShape()));
            };
            case GAUSSIAN -> {
                NDArray logSigma = parameters.asMap().get("decoder.logSigma");
                float fixed = (float) Math.log(likelihood.sigma());
                yield (mean, feature) -> {
                    NDArray m = perImage(mean);
                    NDManager manager = m.getManager();
                    NDArray ls =
                            switch (likelihood.variance()) {
                                case FIXED -> manager.create(fixed);
                                case SHARED -> logSigma;
                                case PER_DIMENSION -> logSigma.get(feature);
                            };
                    return Gaussian.sample(m, ls, manager.randomNormal(m.getShape()));
                };
            }
            case DISCRETIZED_LOGISTIC -> {
                int k = likelihood.mixtureComponents();
                yield k == 1 ? FeatureSampler::discretizedLogistic : (output, feature) -> mixture(output, k);
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
    private static NDArray discretizedLogistic(NDArray output, int feature) {
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

    /**
     * Colour c of one pixel under eq. 3 given its earlier colours. Output (n, P·3) in the PixelCNN's order o = p·3 + c,
     * p = block·K + k: for K &gt; 1 the blocks weight logit, mean, log-scale, coefficient; for K = 1 the last three.
     */
    private static NDArray colourMixture(NDArray output, int components, int colour, NDArray drawn) {
        long n = output.getShape().get(0);
        int blocks = components == 1 ? 3 : 4;
        int colours = DiscretizedLogisticColour.COLOURS;
        NDList parts = output.reshape(n, blocks, components, colours).split(blocks, 1);
        Shape perColour = new Shape(n, components, colours, 1);
        NDManager manager = output.getManager();
        NDArray weights = components == 1
                ? manager.zeros(new Shape(n, 1, 1))
                : parts.get(0).reshape(perColour).sum(new int[] {-2});
        int first = blocks - 3;
        NDArray componentUniform = uniform(manager, new Shape(n, components, 1));
        NDArray u = uniform(manager, new Shape(n, 1));
        return perImage(DiscretizedLogisticColour.sampleColour(
                drawn.reshape(n, colours, 1),
                weights,
                parts.get(first).reshape(perColour),
                parts.get(first + 1).reshape(perColour),
                parts.get(first + 2).reshape(perColour),
                colour,
                componentUniform,
                u));
    }
}
