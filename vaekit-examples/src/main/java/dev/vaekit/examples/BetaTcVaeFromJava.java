package dev.vaekit.examples;

import dev.vaekit.api.TrainedModel;
import dev.vaekit.api.Training;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.models.BetaTcVaeConfig;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import dev.vaekit.train.TrainingListener;

/**
 * A β-TCVAE (Chen et al. 2018) trained from Java, printing the parts of its KL term every epoch. Arguments: epochs
 * (default 10).
 */
public final class BetaTcVaeFromJava {
    private BetaTcVaeFromJava() {}

    /**
     * @param args epochs
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        // docs:begin beta-tc-vae
        RunConfig config = RunConfig.builder()
                .model(ModelConfig.builder("dense-beta-tc-vae")
                        .latentDim(10)
                        .family(new BetaTcVaeConfig(VaeConfig.defaults(), 1, 6, 1)) // α, β, γ
                        .build())
                .objective(ObjectiveConfig.builder().warmupEpochs(2).build())
                .training(TrainingConfig.builder().epochs(epochs).batchSize(256).build())
                .build();
        DatasetSplit mnist = Datasets.load("mnist-mini", null);
        try (TrainedModel model = Training.of(config)
                .listener(TrainingListener.onEpochEnd(m -> System.out.printf(
                        "epoch %d: mi %.2f tc %.2f dimKl %.2f%n",
                        m.epoch(),
                        m.trainTerms().get("mi"),
                        m.trainTerms().get("tc"),
                        m.trainTerms().get("dimKl"))))
                .fit(mnist.train())) {
            System.out.printf(
                    "test ELBO %.2f nats%n",
                    model.evaluate(model.prepare(mnist.test()), 1, 1).term("elbo"));
        }
        // docs:end
    }
}
