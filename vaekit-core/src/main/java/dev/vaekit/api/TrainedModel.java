package dev.vaekit.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.ThreadFitting;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.latent.Interpolation;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;
import dev.vaekit.samplers.LatentSampler;
import dev.vaekit.samplers.SamplerConfig;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainerState;
import java.nio.file.Path;

/**
 * A model with its run config, ready to use from Java: trained by {@link Training}, or loaded from a run or model
 * folder ({@link #load}). Rows are {@code float[]} of the model's input width (channels × height × width, row-major),
 * in the units it was trained on; codes are {@code float[]} of its latent size. Close it to free its tensors.
 *
 * <p>What a method needs of the model is asked of the model: encoding and decoding need a latent space (a VAE, a
 * plain autoencoder), scoring and evaluation a likelihood (a VAE, a flow); otherwise they refuse with an {@link
 * dev.vaekit.InvalidInputException} naming what is missing.
 */
public final class TrainedModel implements AutoCloseable {
    private final RunConfig config;
    private final Model model;
    private final TrainerState state;
    private final NDManager manager;

    TrainedModel(RunConfig config, Model model, TrainerState state, NDManager manager) {
        this.config = config;
        this.model = model;
        this.state = state;
        this.manager = manager;
    }

    /**
     * Loads a run or model folder with the weights its commands use by default (the best on validation, or the
     * averaged, or the last).
     *
     * @param folder a folder written by {@code vaekit train}, {@link Training#runFolder} or {@link #save}
     * @return the model; close it when done
     */
    public static TrainedModel load(Path folder) {
        return load(folder, Checkpoint.Weights.BEST);
    }

    /**
     * Loads a run or model folder. Its model is built by its family's factory (a family registered in {@link
     * dev.vaekit.models.ModelFamilies}, the user's own included), then its weights are loaded by name.
     *
     * @param folder a run or model folder
     * @param weights which of its weights
     * @return the model; close it when done
     */
    public static TrainedModel load(Path folder, Checkpoint.Weights weights) {
        NDManager manager = Engines.newManager();
        try {
            Checkpoint.Loaded loaded = Checkpoint.load(folder, manager, weights, false);
            return new TrainedModel(loaded.config(), loaded.model(), loaded.state(), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the run's config, its input shape set */
    public RunConfig config() {
        return config;
    }

    /** @return the model itself, for what this class does not wrap */
    public Model model() {
        return model;
    }

    /** @return where its training stood */
    public TrainerState state() {
        return state;
    }

    /**
     * The codes of rows: a VAE's posterior means, a plain autoencoder's enc(x).
     *
     * @param rows examples, each of the model's input width
     * @return one code per row
     */
    public float[][] encode(float[][] rows) {
        java.util.List<Integer> shape = config.model().inputShape();
        Dataset data = Dataset.of("rows", rows, null, shape.get(0), shape.get(1), shape.get(2));
        LatentCodes codes = LatentSpace.encode(latent(), data, false, 0);
        float[][] out = new float[codes.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes.row(i);
        }
        return out;
    }

    /**
     * What each code stands for: E[x|z], or for an autoregressive decoder a draw.
     *
     * @param codes codes of the model's latent size
     * @return one example per code
     */
    public float[][] decode(float[][] codes) {
        int latentDim = config.model().latentDim();
        float[] flat = new float[codes.length * latentDim];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i].length != latentDim) {
                throw new dev.vaekit.InvalidInputException(
                        "code " + i + " has " + codes[i].length + " values; the model's codes have " + latentDim);
            }
            System.arraycopy(codes[i], 0, flat, i * latentDim, latentDim);
        }
        return rows(LatentSpace.decodeMeans(latent(), flat), config.model().inputDim());
    }

    /**
     * The decodes of the codes on the straight line between the codes of two examples, ends included.
     *
     * @param from the first example
     * @param to the last example
     * @param steps points on the path, ≥ 2
     * @return {@code steps} examples
     */
    public float[][] interpolate(float[] from, float[] to, int steps) {
        float[][] ends = encode(new float[][] {from, to});
        float[] path = Interpolation.path(ends[0], ends[1], steps, false);
        return decode(rows(path, config.model().latentDim()));
    }

    /**
     * Draws examples: samples of the model (for a plain autoencoder, which has no prior, decodes of N(0, T²I) codes).
     *
     * @param n how many
     * @param temperature T &gt; 0 scaling draws of the prior or base
     * @param seed seed of the draws
     * @return the examples
     */
    public float[][] sample(int n, double temperature, long seed) {
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray drawn = model.sample(model.parameters().manager(), n, temperature, null);
            return rows(drawn.toFloatArray(), config.model().inputDim());
        }
    }

    /**
     * Fits a post-hoc sampler to the model's codes of rows (a Gaussian mixture, a masked autoregressive flow or the
     * second stage of a two-stage VAE; {@link LatentSampler}), holding out a share of the codes to score it.
     *
     * @param rows training rows, prepared ({@link #prepare})
     * @param sampler what to fit
     * @return the sampler; close it when done, {@link LatentSampler#save} keeps it
     */
    public LatentSampler fitSampler(DataSource rows, SamplerConfig sampler) {
        return LatentSampler.fit(model, rows, sampler);
    }

    /**
     * Draws examples by decoding codes drawn from a post-hoc sampler instead of the prior.
     *
     * @param sampler a sampler fitted to this model's codes ({@link #fitSampler}, {@link LatentSampler#load})
     * @param n how many
     * @param temperature T &gt; 0 scaling the sampler's noise ({@link LatentSampler#drawCodes})
     * @param seed seed of the draws
     * @return the examples
     */
    public float[][] sample(LatentSampler sampler, int n, double temperature, long seed) {
        return sampler.samples(model, n, temperature, seed);
    }

    /**
     * The rows prepared as the model saw its data: binarised once with the run's binarisation seed when it trained
     * on binarised data, as they are otherwise. {@link #evaluate} and {@link #score} take prepared rows.
     *
     * @param data rows with values in [0, 1] when the model is binary
     * @return the prepared rows
     */
    public DataSource prepare(DataSource data) {
        return config.data().binarization() == Binarization.NONE
                ? data
                : Binarization.sample(data, config.data().binarizationSeed());
    }

    /**
     * The test-set log-likelihood, as the model estimates it (importance sampling for a VAE, the exact density for a
     * flow), with its standard error.
     *
     * @param data prepared rows ({@link #prepare})
     * @param k draws per example (importance samples, or dequantization draws; 1 for an exact density)
     * @param seed seed of the draws
     * @return the report
     */
    public LikelihoodReport evaluate(DataSource data, int k, long seed) {
        LikelihoodEstimator estimator = model.requireLikelihood("evaluate");
        estimator.checkDraws(k);
        return ThreadFitting.fitted(() -> estimator.evaluate(data, k, seed));
    }

    /**
     * Per-example log-likelihoods and the estimator's other scores (anomaly scores: low is unusual).
     *
     * @param data prepared rows ({@link #prepare})
     * @param k draws per example
     * @param seed seed of the draws
     * @return the scores, in row order
     */
    public ExampleScores score(DataSource data, int k, long seed) {
        LikelihoodEstimator estimator = model.requireLikelihood("score");
        estimator.checkDraws(k);
        return ThreadFitting.fitted(() -> estimator.score(data, k, seed, 0));
    }

    /**
     * Writes the model as a model folder: config, these weights, trainer state and manifest, without the optimiser's
     * state. Every command and {@link #load} read it; it cannot be resumed, but a new run may start from it.
     *
     * @param folder where to write; must not hold a checkpoint yet
     */
    public void save(Path folder) {
        Checkpoint.exportWeights(folder, config, model, state);
    }

    private Autoencoder latent() {
        return model.requireAutoencoder();
    }

    private static float[][] rows(float[] flat, int width) {
        float[][] out = new float[flat.length / width][];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
