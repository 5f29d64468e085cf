package dev.vaekit.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.FeatureMoments;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.models.Model;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.DivergenceGuard;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import dev.vaekit.train.TrainingSession;
import dev.vaekit.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A vaekit model trained on standardised codes y_j = (z_j − m_j) / s_j, with the mean m and standard deviation s of
 * the codes it was fitted to: for {@code maf} a masked autoregressive flow (Papamakarios et al. 2017), whose density
 * is exact; for {@code two-stage} the second VAE of Dai &amp; Wipf 2019: a dense VAE with the Gaussian decoder
 * p(u|v) = N(μ(v), γI), γ = σ² one learned number, as they learn it, whose log-likelihood is estimated by importance
 * sampling (Burda et al. 2015). Either way
 *
 * <pre>
 *   log p(z) = log p_Y((z − m) / s) − Σ_j log s_j,
 * </pre>
 *
 * the Jacobian of the standardisation, and a draw is z = m + s ⊙ y for a draw y of the model: the flow inverted from
 * N(0, T²I), or y = μ(v) + T √γ ε at v ~ N(0, T²I), ε ~ N(0, I), a draw of the second VAE itself. Its noise matters
 * while γ is not small: on codes from a 4-dimensional Gaussian, after 1,440 steps (γ = 0.15 in standardised units),
 * the decoder means alone had 20% less variance than the codes in one dimension (0.80 against 1). The model is saved
 * as a model folder ({@link Checkpoint#exportWeights}).
 */
final class ModelDensity implements CodeDensity {
    /** The model folder inside the sampler folder. */
    static final String FOLDER = "model";

    /** The data set label recorded in the model's config: the codes are no data set of their own. */
    static final String DATASET = "latent-codes";

    private final SamplerKind kind;
    private final NDManager manager;
    private final Model model;
    private final RunConfig runConfig;
    private final TrainerState state;
    private final FeatureMoments scaling;
    private final SamplerConfig config;
    private final int dim;

    private ModelDensity(
            SamplerKind kind,
            NDManager manager,
            Model model,
            RunConfig runConfig,
            TrainerState state,
            FeatureMoments scaling,
            SamplerConfig config) {
        this.kind = kind;
        this.manager = manager;
        this.model = model;
        this.runConfig = runConfig;
        this.state = state;
        this.scaling = scaling;
        this.config = config;
        this.dim = scaling.mean().length;
    }

    /**
     * The run config of the model a kind trains on codes of size d.
     *
     * @param config the sampler's settings
     * @param dim d
     * @return a {@code maf} or {@code dense-vae} config on continuous values, without validation
     */
    static RunConfig runConfig(SamplerConfig config, int dim) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data.dataset", DATASET);
        o.put("data.binarization", "none");
        o.put("data.validationFraction", 0);
        if (config.kind() == SamplerKind.MAF) {
            o.put("model.type", "maf");
            o.put("model.hidden", config.hidden());
            o.put("model.flowLength", config.flowLength());
        } else if (config.kind() == SamplerKind.TWO_STAGE) {
            o.put("model.type", "dense-vae");
            o.put("model.latentDim", config.latentDim() == 0 ? dim : config.latentDim());
            o.put("model.hidden", config.hidden());
            // Dai & Wipf's second stage: p(u|v) = N(μ(v), γI) with one learned γ, starting at 1 (the scale of the
            // standardised codes)
            o.put("model.likelihood", "gaussian");
            o.put("model.variance", "shared");
            o.put("model.sigma", 1.0);
        } else {
            throw new IllegalArgumentException(config.kind() + " is not trained as a model");
        }
        o.put("training.epochs", config.epochs());
        o.put("training.batchSize", config.batchSize());
        o.put("training.learningRate", config.learningRate());
        o.put("training.seed", config.seed());
        return Configs.build(null, o);
    }

    /**
     * Trains the kind's model on the standardised codes, seeded by the config, with the divergence guard.
     *
     * @param codes n × d codes
     * @param dim d
     * @param config the sampler's settings
     * @param listeners watch the training (progress), after the guard
     * @return the trained density
     */
    static ModelDensity fit(float[] codes, int dim, SamplerConfig config, List<TrainingListener> listeners) {
        FeatureMoments scaling = FeatureMoments.of(codes, dim);
        Dataset train = new Dataset("codes", scaling.standardise(codes), null, 1, 1, dim);
        RunConfig base = runConfig(config, dim);
        RunConfig shaped = base.withModel(TrainingSession.checkShape(base.model(), train));
        NDManager manager = Engines.newManager();
        Model model = null;
        try {
            Engines.seed(config.seed());
            model = Model.create(shaped.model(), null, manager);
            TrainerState state;
            try (Trainer trainer = new Trainer(shaped, model)) {
                trainer.addListener(new DivergenceGuard());
                listeners.forEach(trainer::addListener);
                state = trainer.fit(train, train.slice(0, 0));
            }
            return new ModelDensity(config.kind(), manager, model, shaped, state, scaling, config);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * Reads the model folder of a sampler folder, whose manifest the caller has checked against its hash; the model
     * folder's own manifest vouches for its other files.
     *
     * @param folder the sampler folder
     * @param spec its description
     * @return the density
     * @throws InvalidInputException if the model folder is damaged or holds another model than the spec's
     */
    static ModelDensity load(Path folder, SamplerSpec spec) {
        NDManager manager = Engines.newManager();
        try {
            Checkpoint.Loaded loaded = Checkpoint.load(folder.resolve(FOLDER), manager, Checkpoint.Weights.LAST, false);
            String expected = spec.kind() == SamplerKind.MAF ? "maf" : "dense-vae";
            if (!loaded.config().model().type().equals(expected)
                    || loaded.config().model().inputDim() != spec.dim()) {
                loaded.model().close();
                throw new InvalidInputException(folder.resolve(FOLDER) + ": holds a "
                        + loaded.config().model().type()
                        + " of " + loaded.config().model().inputDim() + " inputs; a "
                        + spec.kind().id()
                        + " sampler of " + spec.dim() + "-dimensional codes needs a " + expected + " of "
                        + spec.dim());
            }
            return new ModelDensity(
                    spec.kind(),
                    manager,
                    loaded.model(),
                    loaded.config(),
                    loaded.state(),
                    spec.scaling(),
                    spec.config());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the trained model, on standardised codes */
    Model model() {
        return model;
    }

    @Override
    public FeatureMoments scaling() {
        return scaling;
    }

    @Override
    public float[] draw(int n, double temperature, long seed) {
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        float[] standardised;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDManager owner = model.parameters().manager();
            NDArray y = model.sample(owner, n, temperature, null);
            NDArray logSigma = decoderLogSigma();
            if (logSigma != null) {
                // u = μ(v) + T σ ε: the second stage's p(u|v) = N(μ(v), γI) drawn, not only its mean
                y = y.add(Tensors.scale(owner.randomNormal(y.getShape()).mul(logSigma.exp()), temperature));
            }
            standardised = y.toFloatArray();
        }
        return scaling.unstandardise(standardised);
    }

    /** @return the second VAE's learned log σ, σ² = γ (shape (1)); null for a flow */
    private NDArray decoderLogSigma() {
        return kind == SamplerKind.TWO_STAGE ? model.parameters().asMap().get("decoder.logSigma") : null;
    }

    /** Draws per code of the held-out estimate: 1 for the exact flow, the importance samples for the second VAE. */
    private int draws() {
        return kind == SamplerKind.MAF ? 1 : config.importanceSamples();
    }

    @Override
    public double[] logDensity(float[] codes) {
        LikelihoodEstimator estimator = model.requireLikelihood("a sampler's log-density");
        Dataset data = new Dataset("codes", scaling.standardise(codes), null, 1, 1, dim);
        double[] logP = estimator.score(data, draws(), config.seed(), 0).logLikelihood();
        double jacobian = scaling.logScale();
        for (int i = 0; i < logP.length; i++) {
            logP[i] -= jacobian;
        }
        return logP;
    }

    @Override
    public String estimator() {
        return kind == SamplerKind.MAF
                ? "exact"
                : model.requireLikelihood("a sampler's log-density").describe(draws(), config.seed());
    }

    @Override
    public String describe() {
        if (kind == SamplerKind.MAF) {
            return String.format(
                    Locale.ROOT,
                    "MAF, %d steps of MADE %s, %d epochs, on standardised codes",
                    config.flowLength(),
                    config.hidden(),
                    state.epochsDone());
        }
        NDArray logSigma = decoderLogSigma();
        String gamma = logSigma == null
                ? ""
                : String.format(Locale.ROOT, ", learned γ = %.3g", Math.exp(2 * logSigma.toFloatArray()[0]));
        return String.format(
                Locale.ROOT,
                "two-stage VAE (Dai & Wipf 2019): dense %s, v of %d dimensions%s, %d epochs, on standardised codes",
                config.hidden(),
                runConfig.model().latentDim(),
                gamma,
                state.epochsDone());
    }

    @Override
    public Map<String, String> save(Path folder) {
        Path modelFolder = folder.resolve(FOLDER);
        Checkpoint.exportWeights(modelFolder, runConfig, model, state);
        Path manifest = modelFolder.resolve(Checkpoint.MANIFEST);
        try {
            return Map.of(FOLDER + "/" + Checkpoint.MANIFEST, AtomicFiles.sha256(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
