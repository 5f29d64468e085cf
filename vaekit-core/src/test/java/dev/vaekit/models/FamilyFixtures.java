package dev.vaekit.models;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/** Tiny models of the families built on the VAE's networks, and a short training run through the model contract. */
final class FamilyFixtures {
    private FamilyFixtures() {}

    /**
     * {@link Fixtures#tinyModel()}'s networks (1×2×2 inputs, 2-d codes, 8 hidden units) as a model of a family.
     *
     * @param type a dense type of the family
     * @param family its config
     * @return the model config
     */
    static ModelConfig tiny(String type, FamilyConfig family) {
        ModelConfig vae = Fixtures.tinyModel();
        return ModelConfig.builder(type)
                .inputShape(vae.inputShape())
                .latentDim(vae.latentDim())
                .hidden(vae.hidden())
                .activation(vae.activation())
                .family(family)
                .build();
    }

    /**
     * Trains a model for two epochs of 64 random binary 2×2 images in batches of 8.
     *
     * @param config the model
     * @param manager parent of its parameters
     * @return the two epochs' metrics
     */
    static List<EpochMetrics> trainTwoEpochs(ModelConfig config, NDManager manager) {
        RunConfig run = Fixtures.runConfig(config, Fixtures.training(2, 8, 1e-2, 0, 0, 1));
        run.model().family().validateRun(run.model(), run.data(), run.objective());
        List<EpochMetrics> epochs = new ArrayList<>();
        Engines.seed(7);
        try (Model model = Model.create(config, null, manager);
                Trainer trainer = new Trainer(run, model)) {
            trainer.addListener(TrainingListener.onEpochEnd(epochs::add));
            trainer.fit(Fixtures.tinyBinaryData(3, 64));
        }
        return epochs;
    }
}
