package dev.vaekit.demos;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Vae;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The small dense VAEs the demonstrations train on the embedded mnist-mini data (5000 images, dynamic binarisation). */
final class DemoModels {
    private DemoModels() {}

    /**
     * The embedded data, in memory.
     *
     * @param train the training rows as they are
     * @param test the test rows binarised once with seed 0
     */
    record Data(Dataset train, Dataset test) {}

    /** @return the embedded data: training rows as they are, test rows binarised once with seed 0 */
    static Data data() {
        DatasetSplit split = Datasets.load("mnist-mini", null);
        Dataset test = split.test().materialize("the demos", Integer.MAX_VALUE);
        return new Data(split.train().materialize("the demos", Integer.MAX_VALUE), Binarization.sample(test, 0));
    }

    /**
     * Trains a 784-hidden-latent ReLU VAE with a Bernoulli decoder, estimator B, Adam 1e-3, batch 100.
     *
     * @param manager owner of the weights
     * @param train training rows in [0, 1] (binarised afresh every batch)
     * @param hidden hidden units
     * @param latentDim latent dimension
     * @param epochs epochs
     * @param beta KL weight
     * @param seed initialisation and data-order seed
     * @return the trained model
     */
    static Vae trainDenseVae(
            NDManager manager, Dataset train, int hidden, int latentDim, int epochs, double beta, long seed) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("data.dataset", "mnist-mini");
        overrides.put("data.validationFraction", 0);
        overrides.put("model.hidden", java.util.List.of(hidden));
        overrides.put("model.latentDim", latentDim);
        overrides.put("objective.beta", beta);
        overrides.put("training.epochs", epochs);
        overrides.put("training.batchSize", 100);
        overrides.put("training.patience", 0);
        overrides.put("training.seed", seed);
        RunConfig config = Configs.build(null, overrides);
        config = config.withModel(config.model().withInputShape(train.channels(), train.height(), train.width()));
        Engines.seed(seed);
        Vae model = new Vae(config.model(), manager);
        Dataset none = new Dataset("none", new float[0], new int[0], train.channels(), train.height(), train.width());
        try (Trainer trainer = new Trainer(config, model)) {
            trainer.fit(train, none);
        }
        return model;
    }
}
