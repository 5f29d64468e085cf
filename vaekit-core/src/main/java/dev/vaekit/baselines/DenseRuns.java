package dev.vaekit.baselines;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dense autoencoders and VAEs the comparisons train for themselves: a config with vaekit's defaults except what
 * the comparison sets, and a training run in memory (no run folder) whose model is handed to the caller and freed.
 */
public final class DenseRuns {
    private DenseRuns() {}

    /**
     * A dense model's config on values as they are (no binarisation, no validation split).
     *
     * @param dataset the data set's spec, recorded in the config
     * @param type {@code dense-ae} or {@code dense-vae}
     * @param latentDim the code size
     * @param hidden the hidden widths
     * @param likelihood {@code bernoulli}, or {@code gaussian} with one learned σ per feature, starting at 1 (for
     *     standardised rows) and a KL warm-up over the first half of the epochs
     * @param epochs training epochs
     * @param seed the run's seed
     * @return the validated config
     */
    public static RunConfig config(
            String dataset,
            String type,
            int latentDim,
            List<Integer> hidden,
            String likelihood,
            int epochs,
            long seed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data.dataset", dataset);
        o.put("data.binarization", "none");
        o.put("data.validationFraction", 0);
        o.put("model.type", type);
        o.put("model.latentDim", latentDim);
        o.put("model.hidden", hidden);
        o.put("model.likelihood", likelihood);
        o.put("model.variance", "per-dimension");
        if (likelihood.equals("gaussian")) {
            // The comparisons standardise their rows, so σ starts at the data's scale: from the default 0.1, 20 epochs
            // left it far too small (a VAE on MNIST's 50 principal coordinates scored −189.5 nats, the Gaussian
            // −55.6). Starting at 1, the VAE collapsed onto that Gaussian instead (q(z|x) = p(z), the same −55.610 to
            // the last digit); a KL warm-up over the first half of the epochs (Bowman et al. 2016) gave −44.8.
            o.put("model.sigma", 1.0);
            o.put("objective.warmupEpochs", Math.max(1, epochs / 2));
        }
        o.put("training.epochs", epochs);
        o.put("training.seed", seed);
        return Configs.build(null, o);
    }

    /**
     * Trains the model a config names on all the given rows, seeded by the config, then applies {@code use} to it.
     *
     * @param config the run config; its input shape is taken from the rows
     * @param train training rows
     * @param use what to do with the trained model
     * @param <T> what {@code use} returns
     * @return its result
     */
    static <T> T trainThen(RunConfig config, Dataset train, Function<Autoencoder, T> use) {
        return trainModelThen(config, train, model -> use.apply(model.requireAutoencoder()));
    }

    /** {@link #trainThen} for any model, stand-alone flows included. */
    static <T> T trainModelThen(RunConfig config, Dataset train, Function<Model, T> use) {
        RunConfig shaped = config.withModel(TrainingSession.checkShape(config.model(), train));
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(shaped.training().seed());
            try (Model model = Model.create(shaped.model(), null, manager);
                    Trainer trainer = new Trainer(shaped, model)) {
                trainer.fit(train, train.slice(0, 0));
                return use.apply(model);
            }
        }
    }

    /**
     * The config of a masked autoregressive flow (Papamakarios et al. 2017) on continuous rows: {@code steps} MAF
     * steps of alternating order, each a MADE with the given hidden widths, on a standard normal base.
     *
     * @param dataset the data set's spec, recorded in the config
     * @param steps MAF steps
     * @param hidden the MADEs' hidden widths
     * @param epochs training epochs
     * @param seed the run's seed
     * @return the validated config
     */
    public static RunConfig flowConfig(String dataset, int steps, List<Integer> hidden, int epochs, long seed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data.dataset", dataset);
        o.put("data.binarization", "none");
        o.put("data.validationFraction", 0);
        o.put("model.type", "maf");
        o.put("model.hidden", hidden);
        o.put("model.flowLength", steps);
        o.put("training.epochs", epochs);
        o.put("training.seed", seed);
        return Configs.build(null, o);
    }
}
