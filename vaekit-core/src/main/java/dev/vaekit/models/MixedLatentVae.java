package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.distributions.GumbelSoftmax;
import dev.vaekit.distributions.StandardNormal;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.nn.Network;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What the VAEs with categorical latent variables share ({@link CategoricalVae}, {@link JointVae}): a latent code of
 * d_c continuous dimensions with q(z|x) = N(μ, diag σ²) and prior N(0, I), and N categorical variables c_i of K_i
 * classes with q(c_i|x) = Cat(softmax(logits_i)) and a uniform prior; the decoder reads z joined to the one-hot c_i.
 * Training draws the c_i by the Gumbel-softmax relaxation ({@link GumbelSoftmax}) at the temperature of the moment; the
 * model itself, its validation loss, its likelihood and its samples use exact one-hot draws, so that what is reported
 * bounds the discrete model's log p(x).
 *
 * <ul>
 *   <li>The encoder network outputs μ, log σ² (d_c each) and the logits of every variable (Σ K_i); the decoder network
 *       reads d_c + Σ K_i values. Tensor names are the VAE's ({@code encoder.*}, {@code decoder.*}).
 *   <li>The code ({@link Autoencoder}) has {@code model.latentDim} = d_c + N entries: the continuous posterior means,
 *       then each variable's most probable class as a number 0 … K_i − 1. Decoding a code rounds each class entry to
 *       the nearest class (clamped to the valid ones) and feeds its one-hot vector; a sample draws z ~ N(0, I) and
 *       each class uniformly.
 *   <li>The likelihood is importance sampling with q as proposal ({@link SampledLogLikelihood}): log w = log p(x|z,
 *       c) + log N(z; 0, I) − log q(z|x) + Σ_i (−log K_i − log q(c_i|x)), the c_i drawn exactly (by inverting
 *       their distribution function with one uniform each), from noise seeded per row in Java.
 * </ul>
 */
abstract class MixedLatentVae extends EncoderDecoder implements ImportanceSampler {
    private final int continuous;
    private final List<Integer> classes;
    private final int discreteWidth;
    private final GumbelConfig gumbel;

    /**
     * The posterior of a batch.
     *
     * @param gaussian q(z|x), means and log-variances each (B, d_c); null when d_c = 0
     * @param logits each variable's class logits, (B, K_i)
     */
    record Posterior(DiagonalGaussian gaussian, List<NDArray> logits) {

        /** @return the KL term per example: the Gaussian part's to N(0, I) and every variable's to the uniform */
        NDArray kl() {
            NDArray kl = null;
            for (NDArray l : logits) {
                NDArray k = GumbelSoftmax.klToUniform(l);
                kl = kl == null ? k : kl.add(k);
            }
            if (gaussian != null) {
                NDArray g = gaussian.klToStandardNormal();
                kl = kl == null ? g : kl.add(g);
            }
            return kl;
        }

        /** @return the Gaussian part's KL per example, 0 without one */
        NDArray continuousKl() {
            return gaussian == null
                    ? logits.get(0)
                            .getManager()
                            .zeros(new Shape(logits.get(0).getShape().get(0)))
                    : gaussian.klToStandardNormal();
        }

        /** @return the categorical variables' KL per example */
        NDArray discreteKl() {
            NDArray kl = null;
            for (NDArray l : logits) {
                NDArray k = GumbelSoftmax.klToUniform(l);
                kl = kl == null ? k : kl.add(k);
            }
            return kl;
        }
    }

    /**
     * @param config the model's config; its input shape must be set
     * @param likelihood p(x|z, c)
     * @param gumbel the relaxation of the training draws
     * @param continuous d_c ≥ 0
     * @param classes K_i ≥ 2 of each categorical variable, at least one
     * @param schema ignored (the mixed likelihood is not supported)
     * @param manager parent of the parameters' manager
     */
    MixedLatentVae(
            ModelConfig config,
            LikelihoodConfig likelihood,
            GumbelConfig gumbel,
            int continuous,
            List<Integer> classes,
            TableSchema schema,
            NDManager manager) {
        super(
                config,
                likelihood,
                null,
                schema,
                manager,
                2 * continuous + sum(classes),
                widenedDecoder(continuous + sum(classes)));
        this.continuous = continuous;
        this.classes = List.copyOf(classes);
        this.discreteWidth = sum(classes);
        this.gumbel = gumbel;
    }

    private static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * vaekit's networks, the decoder reading {@code inputs} values in place of {@code model.latentDim}.
     *
     * @param inputs the decoder's input width
     * @return the factory
     */
    static NetworkFactory widenedDecoder(int inputs) {
        return new NetworkFactory() {
            @Override
            public Network encoder(Parameters parameters, ModelConfig config, int outputs) {
                return Networks.encoder(parameters, config, outputs);
            }

            @Override
            public Network decoder(Parameters parameters, ModelConfig config, int outputsPerFeature) {
                ModelConfig wide = config.toBuilder().latentDim(inputs).build();
                return Networks.decoder(parameters, wide, outputsPerFeature);
            }
        };
    }

    /** @return d_c */
    int continuousDims() {
        return continuous;
    }

    /** @return K_i of every categorical variable */
    List<Integer> classes() {
        return classes;
    }

    /**
     * @param x data, shape (B, d)
     * @return q(z|x) and q(c|x)
     */
    Posterior posterior(NDArray x) {
        NDArray out = encoderOutput(x, null);
        int axis = out.getShape().dimension() - 1;
        List<Long> at = new ArrayList<>();
        long position = 0;
        if (continuous > 0) {
            position += continuous;
            at.add(position);
            position += continuous;
            at.add(position);
        }
        for (int i = 0; i + 1 < classes.size(); i++) {
            position += classes.get(i);
            at.add(position);
        }
        long[] cuts = at.stream().mapToLong(Long::longValue).toArray();
        NDList parts = cuts.length == 0 ? new NDList(out) : out.split(cuts, axis);
        int first = continuous > 0 ? 2 : 0;
        DiagonalGaussian gaussian = continuous > 0 ? new DiagonalGaussian(parts.get(0), parts.get(1)) : null;
        List<NDArray> logits = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            logits.add(parts.get(first + i));
        }
        return new Posterior(gaussian, logits);
    }

    /**
     * The decoder's input for draws of every variable.
     *
     * @param z continuous draws, (..., d_c), or null when d_c = 0
     * @param categorical each variable's one-hot or relaxed draw, (..., K_i)
     * @return (..., d_c + Σ K_i)
     */
    static NDArray joinDraws(NDArray z, List<NDArray> categorical) {
        NDList parts = new NDList();
        if (z != null) {
            parts.add(z);
        }
        parts.addAll(categorical);
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, -1);
    }

    /**
     * log p(x|z, c) of draws given as the decoder's input.
     *
     * @param x data, (B, d)
     * @param input the decoder's input, (L, B, d_c + Σ K_i)
     * @return shape (L, B)
     */
    NDArray logPxGivenZ(NDArray x, NDArray input) {
        long[] s = input.getShape().getShape();
        NDArray out = decodeInput(input.reshape(s[0] * s[1], s[2]), null, null).reshape(s[0], s[1], -1);
        return observation().logProb(x, out);
    }

    /**
     * A training step's relaxed pass over a batch.
     *
     * @param posterior q(z|x) and q(c|x)
     * @param tau the relaxation's temperature τ of the moment
     * @param reconstruction the batch mean of log p(x|z, c) over L relaxed draws ({@code objective.samples})
     */
    record Relaxed(Posterior posterior, double tau, NDArray reconstruction) {}

    /**
     * Encodes a batch and decodes L relaxed draws of it at the temperature of the moment.
     *
     * @param batch the examples
     * @param context the objective and the point of training
     * @return the pass
     */
    Relaxed relaxed(Batch batch, LossContext context) {
        NDArray x = batch.x();
        Posterior q = posterior(x);
        double tau = gumbel.temperatureAt(context.epochProgress());
        NDArray reconstruction =
                relaxedReconstruction(x, q, context.objective().samples(), tau).mean();
        return new Relaxed(q, tau, reconstruction);
    }

    /**
     * L training draws of a batch: z = μ + σ ε and the Gumbel-softmax (or straight-through) c_i at temperature τ, with
     * their log p(x|z, c).
     *
     * @param x data, (B, d)
     * @param q its posterior
     * @param samples L
     * @param temperature τ
     * @return log p(x|z, c), shape (L, B)
     */
    NDArray relaxedReconstruction(NDArray x, Posterior q, int samples, double temperature) {
        long batch = x.getShape().get(0);
        NDManager m = x.getManager();
        NDArray z = continuous == 0 ? null : q.gaussian().sample(m.randomNormal(new Shape(samples, batch, continuous)));
        NDArray g = GumbelSoftmax.gumbel(m.randomUniform(0f, 1f, new Shape(samples, batch, discreteWidth)));
        List<NDArray> draws = new ArrayList<>();
        NDList noise = classes.size() == 1 ? new NDList(g) : g.split(cutsOf(classes), 2);
        for (int i = 0; i < classes.size(); i++) {
            NDArray y = GumbelSoftmax.relaxed(q.logits().get(i).expandDims(0), noise.get(i), temperature);
            draws.add(gumbel.straightThrough() ? GumbelSoftmax.straightThrough(y) : y);
        }
        return logPxGivenZ(x, joinDraws(z, draws));
    }

    /**
     * One exact draw of every variable per example (Gumbel-max for the classes), with log p(x|z, c): the validation
     * loss's reconstruction, which makes its bound the discrete model's ELBO.
     *
     * @param x data, (B, d)
     * @param q its posterior
     * @return log p(x|z, c), shape (1, B)
     */
    NDArray exactReconstruction(NDArray x, Posterior q) {
        long batch = x.getShape().get(0);
        NDManager m = x.getManager();
        NDArray z = continuous == 0 ? null : q.gaussian().sample(m.randomNormal(new Shape(1, batch, continuous)));
        List<NDArray> draws = new ArrayList<>();
        for (NDArray logits : q.logits()) {
            NDArray u = m.randomUniform(
                    0f, 1f, new Shape(1, batch, logits.getShape().get(1)));
            draws.add(GumbelSoftmax.sample(logits.expandDims(0), GumbelSoftmax.gumbel(u)));
        }
        return logPxGivenZ(x, joinDraws(z, draws));
    }

    /** The discrete model's ELBO with one exact draw of every variable. */
    @Override
    public Loss validationLoss(Batch batch) {
        NDArray x = batch.x();
        Posterior q = posterior(x);
        NDArray reconstruction = exactReconstruction(x, q).mean();
        NDArray kl = q.kl().mean();
        return new Loss(reconstruction.sub(kl).neg(), reconstruction, kl, reconstruction.sub(kl));
    }

    private static long[] cutsOf(List<Integer> widths) {
        long[] cuts = new long[widths.size() - 1];
        long at = 0;
        for (int i = 0; i + 1 < widths.size(); i++) {
            at += widths.get(i);
            cuts[i] = at;
        }
        return cuts;
    }

    // ---- likelihood ------------------------------------------------------------------------------------------------

    @Override
    public Optional<LikelihoodEstimator> likelihood() {
        return Optional.of(new SampledLogLikelihood(this));
    }

    @Override
    public long floatsPerDraw() {
        return decoderFloatsPerExample()
                + 2L * config().hidden().stream().mapToInt(Integer::intValue).sum()
                + 4L * (continuous + discreteWidth);
    }

    @Override
    public int noiseWidth() {
        return continuous + classes.size();
    }

    /** Standard normal values for the continuous part, then one uniform per categorical variable, in Java. */
    @Override
    public NDArray noise(NDManager manager, int k, long rowSeed) {
        SplittableRandom random = new SplittableRandom(rowSeed);
        int width = noiseWidth();
        float[] values = new float[k * width];
        for (int s = 0; s < k; s++) {
            for (int j = 0; j < width; j++) {
                values[s * width + j] = (float) (j < continuous ? random.nextGaussian() : random.nextDouble());
            }
        }
        return Tensors.create(manager, values, new Shape(k, 1, width));
    }

    @Override
    public Weights weigh(NDArray x, NDArray noise) {
        Posterior q = posterior(x);
        long draws = noise.getShape().get(0);
        NDList parts = continuous == 0 ? null : noise.split(new long[] {continuous}, 2);
        NDArray logQ;
        NDArray logP;
        NDArray z = null;
        if (continuous > 0) {
            NDArray eps = parts.get(0);
            z = q.gaussian().sample(eps);
            logQ = q.gaussian().logProbOfSample(eps);
            logP = StandardNormal.logProb(z);
        } else {
            logQ = x.getManager().zeros(new Shape(draws, x.getShape().get(0)));
            logP = logQ;
        }
        NDArray uniforms = parts == null ? noise : parts.get(1);
        List<NDArray> draws1 = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            NDArray logits = q.logits().get(i).expandDims(0);
            NDArray u = uniforms.get(":, :, " + i + ":" + (i + 1));
            NDArray c = GumbelSoftmax.sampleByInverse(
                    logits.broadcast(
                            draws, logits.getShape().get(1), logits.getShape().get(2)),
                    u);
            draws1.add(c);
            logQ = logQ.add(GumbelSoftmax.logProb(c, logits));
            logP = logP.sub((float) Math.log(classes.get(i)));
        }
        NDArray logPx = logPxGivenZ(x, joinDraws(z, draws1));
        NDArray kl = q.kl().expandDims(0).broadcast(logPx.getShape());
        return new Weights(logPx, logQ.sub(logP), kl);
    }

    @Override
    public NDArray posteriorMeans(NDArray x) {
        return code(x, null);
    }

    @Override
    public boolean continuousData() {
        return likelihoodConfig().kind() == LikelihoodKind.GAUSSIAN;
    }

    @Override
    public String proposal() {
        return "q(z, c|x) as proposal (Gaussian draws, exact categorical draws)";
    }

    // ---- latent space ----------------------------------------------------------------------------------------------

    /** @return the posterior means of z, then each variable's most probable class */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        requireUnconditional(condition);
        Posterior q = posterior(x);
        NDList parts = new NDList();
        if (continuous > 0) {
            parts.add(q.gaussian().mean());
        }
        for (NDArray logits : q.logits()) {
            parts.add(logits.argMax(1).toType(DataType.FLOAT32, false).expandDims(1));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
    }

    /** @return one draw of z ~ q(z|x) and of every class c_i ~ q(c_i|x), classes as numbers */
    @Override
    public NDArray drawCode(NDArray x, NDArray condition) {
        requireUnconditional(condition);
        Posterior q = posterior(x);
        NDManager m = x.getManager();
        NDList parts = new NDList();
        if (continuous > 0) {
            parts.add(q.gaussian().sample(m.randomNormal(q.gaussian().mean().getShape())));
        }
        for (NDArray logits : q.logits()) {
            NDArray u = m.randomUniform(0f, 1f, logits.getShape());
            parts.add(logits.add(GumbelSoftmax.gumbel(u))
                    .argMax(1)
                    .toType(DataType.FLOAT32, false)
                    .expandDims(1));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
    }

    /**
     * A code's decoder input: its continuous part as it is and each class entry, rounded to the nearest class and
     * clamped to 0 … K_i − 1, as a one-hot vector.
     *
     * @param code shape (n, d_c + N)
     * @return shape (n, d_c + Σ K_i)
     */
    @Override
    NDArray decoderInput(NDArray code) {
        NDManager m = code.getManager();
        NDArray z = continuous > 0 ? code.get(":, :" + continuous) : null;
        List<NDArray> oneHots = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            int k = classes.get(i);
            NDArray index = Tensors.atMost(
                    Tensors.atLeast(
                            code.get(":, " + (continuous + i) + ":" + (continuous + i + 1))
                                    .round(),
                            0),
                    k - 1);
            oneHots.add(m.arange(0f, (float) k, 1f).eq(index).toType(DataType.FLOAT32, false));
        }
        return joinDraws(z, oneHots);
    }

    @Override
    public Optional<Prior> latentPrior() {
        return Optional.of(new MixedPrior(continuous, classes));
    }

    @Override
    public String codeName(boolean plural) {
        return plural ? "posterior means and most probable classes" : "posterior mean and most probable classes";
    }

    /** @return none: the code's classes are argmaxes of the encoder's logits, not its output */
    @Override
    public List<String> encoderOutputs() {
        return List.of();
    }

    /**
     * The prior of a code: N(0, I) on its d_c continuous entries, and each class entry uniform on 0 … K_i − 1.
     *
     * @param continuous d_c
     * @param classes K_i
     */
    record MixedPrior(int continuous, List<Integer> classes) implements Prior {

        @Override
        public NDArray logProb(NDArray z) {
            double logClasses = 0;
            for (int k : classes) {
                logClasses += Math.log(k);
            }
            NDArray normal = continuous == 0
                    ? z.get("..., 0").zerosLike()
                    : StandardNormal.logProb(z.get("..., :" + continuous));
            return normal.sub((float) logClasses);
        }

        @Override
        public NDArray sample(NDManager manager, long n) {
            NDList parts = new NDList();
            if (continuous > 0) {
                parts.add(manager.randomNormal(new Shape(n, continuous)));
            }
            for (int k : classes) {
                parts.add(Tensors.atMost(
                        Tensors.scale(manager.randomUniform(0f, 1f, new Shape(n, 1)), k)
                                .floor(),
                        k - 1));
            }
            return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
        }

        @Override
        public boolean analyticKl() {
            return false;
        }

        @Override
        public String id() {
            return continuous == 0 ? "uniform" : "standard-uniform";
        }
    }
}
