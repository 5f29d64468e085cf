package dev.vaekit.examples;

import dev.vaekit.api.TrainedModel;
import dev.vaekit.api.Training;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import dev.vaekit.train.TrainingListener;
import java.nio.file.Path;

/**
 * Trains a dense VAE on the embedded mnist-mini digits, reports its test log-likelihood, encodes, samples and saves it.
 * Arguments: epochs (default 10), the folder to save the model in (default runs/java-vae).
 */
public final class TrainAVae {
    private TrainAVae() {}

    /**
     * @param args epochs, output folder
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path out = Path.of(args.length > 1 ? args[1] : "runs/java-vae");
        // docs:begin train
        DatasetSplit mnist = Datasets.load("mnist-mini", null);
        RunConfig config = RunConfig.builder()
                .model(ModelConfig.builder("dense-vae")
                        .latentDim(16)
                        .hidden(256)
                        .build())
                .training(TrainingConfig.builder().epochs(epochs).build())
                .build();
        try (TrainedModel vae = Training.of(config)
                .listener(TrainingListener.onEpochEnd(
                        m -> System.out.printf("epoch %d: -ELBO %.2f%n", m.epoch(), -m.trainBound())))
                .fit(mnist.train())) {
            DataSource test = vae.prepare(mnist.test());
            LikelihoodReport r = vae.evaluate(test, 100, 1);
            System.out.printf(
                    "test NLL %.2f ± %.2f nats (%s, %d images)%n", r.nll(), r.nllStdErr(), r.estimator(), r.n());
            float[][] codes = vae.encode(new float[][] {test.row(0), test.row(1)});
            float[][] between = vae.interpolate(test.row(0), test.row(1), 8);
            float[][] samples = vae.sample(16, 1.0, 7);
            vae.save(out); // a model folder: every vaekit command and TrainedModel.load read it
        }
        // docs:end
    }
}
