package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.ColumnKind;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.Bernoulli;
import dev.vaekit.distributions.Categorical;
import dev.vaekit.distributions.Categorical256;
import dev.vaekit.distributions.DiscretizedLogistic;
import dev.vaekit.distributions.DiscretizedLogisticColour;
import dev.vaekit.distributions.Gaussian;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder's distribution p(x|z) given the decoder network's output (logits for Bernoulli, the mean for Gaussian,
 * mixture weights, means and log-scales for the discretized logistic, 256 logits per pixel for the categorical-256).
 * The output holds {@link #parametersPerFeature} values per feature of x.
 */
public interface ObservationModel {

    /**
     * How many decoder outputs each feature of x takes: 1 (a logit or a mean), except for the discretized logistic,
     * whose K components take 3 each (weight logit, mean, log-scale), or 2 when K = 1 (no weight), and the
     * categorical-256, which takes one logit per grey level.
     *
     * @param likelihood the observation model's config
     * @return the decoder's output width divided by the input dimension
     */
    static int parametersPerFeature(LikelihoodConfig likelihood) {
        return switch (likelihood.kind()) {
            case BERNOULLI, GAUSSIAN, MIXED -> 1;
            case DISCRETIZED_LOGISTIC -> likelihood.mixtureComponents() == 1 ? 2 : 3 * likelihood.mixtureComponents();
            case CATEGORICAL_256 -> Categorical256.LEVELS;
        };
    }

    /**
     * As {@link #parametersPerFeature(LikelihoodConfig)} for images of the given channels: on colour images (3
     * channels) the discretized logistic couples a pixel's colours (Salimans et al. 2017, eq. 3;
     * {@link DiscretizedLogisticColourObservation}) and takes 4 outputs per component and colour (weight logit, mean,
     * log-scale, coefficient), or 3 when K = 1 (no weight).
     *
     * @param likelihood the observation model's config
     * @param channels the images' channels (1 for grey images and for vectors)
     * @return the decoder's output width divided by the input dimension
     */
    static int parametersPerFeature(LikelihoodConfig likelihood, int channels) {
        if (colourLogistic(likelihood, channels)) {
            return likelihood.mixtureComponents() == 1 ? 3 : 4 * likelihood.mixtureComponents();
        }
        return parametersPerFeature(likelihood);
    }

    /**
     * The colour each of a PixelCNN's P·C outputs per pixel predicts (output o = p·C + c, p the decoder block):
     * colour c, except for the weight logits of the colour discretized logistic, which all belong to the first colour
     * because the mixture indicator is drawn before the pixel's first colour.
     *
     * @param likelihood the observation model's config
     * @param channels C
     * @return P·C colours
     */
    static int[] outputColours(LikelihoodConfig likelihood, int channels) {
        int perFeature = parametersPerFeature(likelihood, channels);
        int[] colours = new int[perFeature * channels];
        int weightBlocks = colourLogistic(likelihood, channels) && likelihood.mixtureComponents() > 1
                ? likelihood.mixtureComponents()
                : 0;
        for (int o = 0; o < colours.length; o++) {
            colours[o] = o / channels < weightBlocks ? 0 : o % channels;
        }
        return colours;
    }

    /** Whether the likelihood is the discretized logistic of eq. 3 over a pixel's three colours. */
    private static boolean colourLogistic(LikelihoodConfig likelihood, int channels) {
        return likelihood.kind() == LikelihoodKind.DISCRETIZED_LOGISTIC
                && channels == DiscretizedLogisticColour.COLOURS;
    }

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
     * @param likelihood the observation model's config
     * @param schema for the {@code mixed} likelihood, the table's schema; otherwise ignored (may be null)
     * @param params where learned parameters go ({@code decoder.logSigma})
     * @return the observation model
     */
    static ObservationModel create(
            ModelConfig config, LikelihoodConfig likelihood, TableSchema schema, Parameters params) {
        return switch (likelihood.kind()) {
            case BERNOULLI -> new BernoulliObservation();
            case GAUSSIAN -> gaussian(config, likelihood, params);
            case MIXED -> {
                if (schema == null) {
                    throw new InvalidInputException(
                            "model.likelihood mixed needs table data: a csv:PATH dataset, whose columns it models");
                }
                if (schema.encodedDim() != config.inputDim()) {
                    throw new InvalidInputException("data.schema encodes " + schema.encodedDim()
                            + " features but model.inputShape holds " + config.inputDim());
                }
                yield new MixedObservation(config, likelihood, schema, params);
            }
            case DISCRETIZED_LOGISTIC -> colourLogistic(likelihood, EncoderDecoder.channels(config))
                    ? new DiscretizedLogisticColourObservation(likelihood.mixtureComponents())
                    : new DiscretizedLogisticObservation(likelihood.mixtureComponents());
            case CATEGORICAL_256 -> new Categorical256Observation();
        };
    }

    /** The Gaussian with the σ {@code model.variance} asks for. */
    private static ObservationModel gaussian(ModelConfig config, LikelihoodConfig likelihood, Parameters params) {
        double sigma = likelihood.sigma();
        return switch (likelihood.variance()) {
            case FIXED -> new FixedGaussianObservation(sigma);
            case SHARED -> new LearnedGaussianObservation(
                    params.constant("decoder.logSigma", new Shape(1), (float) Math.log(sigma)));
            case PER_DIMENSION -> new LearnedGaussianObservation(
                    params.constant("decoder.logSigma", new Shape(config.inputDim()), (float) Math.log(sigma)));
        };
    }

    /**
     * Cuts the decoder output's last axis into equal blocks, each reshaped to the output's leading axes and then
     * {@code tail} (with split and reshape, not {@code get(NDIndex)} slicing: see {@link MixedObservation}).
     *
     * @param output shape (..., n)
     * @param count the blocks
     * @param tail the shape of each block's n / count values
     * @return the blocks, each (..., tail)
     */
    private static NDList splitBlocks(NDArray output, int count, long... tail) {
        long[] shape = output.getShape().getShape();
        int last = shape.length - 1;
        long[] target = java.util.Arrays.copyOf(shape, last + tail.length);
        System.arraycopy(tail, 0, target, last, tail.length);
        NDList blocks = new NDList();
        for (NDArray part : output.split(count, last)) {
            blocks.add(part.reshape(target));
        }
        return blocks;
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

    /**
     * The discretized logistic mixture of Salimans et al. 2017 (section 2.1, eq. 2) per pixel, for 8-bit values in
     * [0, 1] ({@link DiscretizedLogistic}). The decoder output's last axis holds, for K = 1, the d means then the d
     * log-scales; for K &gt; 1, the K·d weight logits, then the K·d means, then the K·d log-scales, each block
     * component-major (component k's d values together). Means and log-scales are in the paper's [−1, 1] units.
     * The blocks are taken apart with split and reshape, not {@code get(NDIndex)} slicing (see
     * {@link MixedObservation}).
     */
    final class DiscretizedLogisticObservation implements ObservationModel {
        private final int components;

        DiscretizedLogisticObservation(int components) {
            this.components = components;
        }

        @Override
        public NDArray logProb(NDArray x, NDArray output) {
            NDList blocks = blocks(output);
            NDArray perFeature = components == 1
                    ? DiscretizedLogistic.logProbPerFeature(x, blocks.get(0), blocks.get(1))
                    : DiscretizedLogistic.mixtureLogProbPerFeature(x, blocks.get(0), blocks.get(1), blocks.get(2));
            return perFeature.sum(new int[] {-1});
        }

        @Override
        public NDArray mean(NDArray output) {
            NDList blocks = blocks(output);
            return components == 1
                    ? DiscretizedLogistic.mean(blocks.get(0))
                    : DiscretizedLogistic.mixtureMean(blocks.get(0), blocks.get(1));
        }

        /** (means, log-scales), each (..., d), or (weight logits, means, log-scales), each (..., K, d). */
        private NDList blocks(NDArray output) {
            int last = output.getShape().dimension() - 1;
            if (components == 1) {
                return output.split(2, last);
            }
            long d = output.getShape().get(last) / (3L * components);
            return splitBlocks(output, 3, components, d);
        }
    }

    /**
     * The discretized logistic mixture of Salimans et al. 2017 (section 2.2, eq. 3) over the three colours of each pixel,
     * for 8-bit colour images in [0, 1] ({@link DiscretizedLogisticColour}): one mixture indicator per pixel, the mean of
     * green linear in red and that of blue linear in red and green. The decoder output's last axis holds, for K &gt; 1,
     * four blocks of K·d values (d = 3·h·w): the weight logits, the means, the log-scales and the coefficients, each
     * component-major and, within a component, channel-major (the d values of the image). Component k's weight logit at
     * a pixel is the sum of its three colours' entries, so that every feature has the same 4K outputs. The coefficient
     * entries of red, green and blue hold α (green on red), β (blue on red) and γ (blue on green), before their tanh.
     * For K = 1 there is no weight block: means, log-scales, coefficients. Means and log-scales are in [−1, 1] units.
     */
    final class DiscretizedLogisticColourObservation implements ObservationModel {
        private final int components;

        DiscretizedLogisticColourObservation(int components) {
            this.components = components;
        }

        @Override
        public NDArray logProb(NDArray x, NDArray output) {
            NDList p = parameters(output);
            long[] shape = x.getShape().getShape();
            long[] pixels = shape.clone();
            pixels[pixels.length - 1] = DiscretizedLogisticColour.COLOURS;
            long[] split = java.util.Arrays.copyOf(pixels, pixels.length + 1);
            split[pixels.length] = shape[shape.length - 1] / DiscretizedLogisticColour.COLOURS;
            return DiscretizedLogisticColour.logProbPerPixel(x.reshape(split), p.get(0), p.get(1), p.get(2), p.get(3))
                    .sum(new int[] {-1});
        }

        @Override
        public NDArray mean(NDArray output) {
            NDList p = parameters(output);
            NDArray mean = DiscretizedLogisticColour.mean(p.get(0), p.get(1), p.get(3));
            long[] shape = output.getShape().getShape().clone();
            shape[shape.length - 1] = mean.getShape().get(mean.getShape().dimension() - 2)
                    * mean.getShape().get(mean.getShape().dimension() - 1);
            return mean.reshape(shape);
        }

        /**
         * (weight logits (..., K, m), means, log-scales, coefficients (..., K, 3, m)) from the decoder output (..., P·d),
         * m = d/3 pixels; for K = 1 the weight logits are zeros.
         */
        private NDList parameters(NDArray output) {
            long[] shape = output.getShape().getShape();
            int last = shape.length - 1;
            int blocks = components == 1 ? 3 : 4;
            long d = shape[last] / ((long) blocks * components);
            long m = d / DiscretizedLogisticColour.COLOURS;
            NDList reshaped = splitBlocks(output, blocks, components, DiscretizedLogisticColour.COLOURS, m);
            NDArray weights;
            if (components == 1) {
                long[] weightShape = java.util.Arrays.copyOf(shape, shape.length + 1);
                weightShape[last] = 1;
                weightShape[last + 1] = m;
                weights = output.getManager().zeros(new Shape(weightShape));
            } else {
                weights = reshaped.remove(0).sum(new int[] {-2});
            }
            return new NDList(weights, reshaped.get(0), reshaped.get(1), reshaped.get(2));
        }
    }

    /**
     * The 256-way softmax per pixel of van den Oord et al. 2016 (PixelRNN, section 2.2), for 8-bit values in [0, 1]
     * ({@link Categorical256}). The decoder output's last axis holds 256 consecutive blocks of d values, block v the
     * logit of grey level v for every pixel: 256·d values, so 256·d floats per example and per sample of z.
     */
    final class Categorical256Observation implements ObservationModel {
        @Override
        public NDArray logProb(NDArray x, NDArray output) {
            return Categorical256.logProbPerFeature(x, Categorical256.levelsAxis(output))
                    .sum(new int[] {-1});
        }

        @Override
        public NDArray mean(NDArray output) {
            return Categorical256.mean(Categorical256.levelsAxis(output));
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
            return Gaussian.logProb(x, mean, Tensors.scale(logSigma, 2));
        }

        @Override
        public NDArray mean(NDArray output) {
            return output;
        }
    }

    /**
     * One likelihood per column of a table ({@link TableSchema}): log p(x|z) = Σ over numeric columns of
     * log N(x_j; μ_j, σ_j²) + Σ over binary columns of log Bernoulli(x_j; σ(l_j)) + Σ over categorical columns of
     * log softmax(l_{c})·onehot(x_c), minus the standardisation's log-Jacobian Σ log s_j, so that densities are of the
     * numeric values in their own units. σ follows {@code model.variance}: fixed, shared, or per numeric column
     * ({@code decoder.logSigma} then has one entry per numeric column).
     */
    final class MixedObservation implements ObservationModel {
        private final List<TableSchema.Segment> segments;
        private final long[] boundaries;
        private final long[] numericBoundaries;
        private final GaussianVariance variance;
        private final double sigma;
        private final NDArray logSigma;
        private final float logScale;

        MixedObservation(ModelConfig config, LikelihoodConfig likelihood, TableSchema schema, Parameters params) {
            this.segments = schema.segments();
            this.boundaries = segments.stream()
                    .skip(1)
                    .mapToLong(TableSchema.Segment::start)
                    .toArray();
            List<Long> numericStarts = new ArrayList<>();
            int numeric = 0;
            for (TableSchema.Segment segment : segments) {
                if (segment.kind() == ColumnKind.NUMERIC) {
                    if (numeric > 0) {
                        numericStarts.add((long) numeric);
                    }
                    numeric += segment.width();
                }
            }
            this.numericBoundaries =
                    numericStarts.stream().mapToLong(Long::longValue).toArray();
            this.variance = likelihood.variance();
            this.sigma = likelihood.sigma();
            float init = (float) Math.log(sigma);
            this.logSigma = switch (variance) {
                case FIXED -> null;
                case SHARED -> params.constant("decoder.logSigma", new Shape(1), init);
                case PER_DIMENSION -> numeric == 0
                        ? null
                        : params.constant("decoder.logSigma", new Shape(numeric), init);
            };
            this.logScale = (float) schema.logScale();
        }

        @Override
        public NDArray logProb(NDArray x, NDArray output) {
            NDList xParts = split(x, boundaries);
            NDList outParts = split(output, boundaries);
            NDList sigmaParts = variance == GaussianVariance.PER_DIMENSION && logSigma != null
                    ? split(logSigma, numericBoundaries)
                    : null;
            NDArray total = null;
            int numeric = 0;
            for (int i = 0; i < segments.size(); i++) {
                NDArray xs = xParts.get(i);
                NDArray os = outParts.get(i);
                NDArray part =
                        switch (segments.get(i).kind()) {
                            case NUMERIC -> {
                                NDArray ls = sigmaParts != null ? sigmaParts.get(numeric++) : logSigma;
                                yield ls == null
                                        ? Gaussian.logProbFixedSigma(xs, os, sigma)
                                        : Gaussian.logProb(xs, os, Tensors.scale(ls, 2));
                            }
                            case BINARY -> Bernoulli.logProb(xs, os);
                            case CATEGORICAL -> Categorical.logProb(xs, os);
                            case IGNORE -> throw new IllegalStateException("ignored columns have no features");
                        };
                total = total == null ? part : total.add(part);
            }
            return logScale == 0f ? total : total.sub(logScale);
        }

        @Override
        public NDArray mean(NDArray output) {
            NDList outParts = split(output, boundaries);
            NDList parts = new NDList();
            for (int i = 0; i < segments.size(); i++) {
                NDArray os = outParts.get(i);
                parts.add(
                        switch (segments.get(i).kind()) {
                            case NUMERIC -> os;
                            case BINARY -> Bernoulli.mean(os);
                            case CATEGORICAL -> Categorical.mean(os);
                            case IGNORE -> throw new IllegalStateException("ignored columns have no features");
                        });
            }
            return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, -1);
        }

        /**
         * Views of the pieces of the last axis that start at the boundaries. This is torch's split, not DJL's
         * {@code get(NDIndex)} slicing: with slices in the differentiated path, gradients came out non-finite now and
         * then under CPU load (4 of 28 runs on a small table under load, 0 of 32 with split).
         */
        private static NDList split(NDArray array, long[] boundaries) {
            return boundaries.length == 0
                    ? new NDList(array)
                    : array.split(boundaries, array.getShape().dimension() - 1);
        }
    }
}
