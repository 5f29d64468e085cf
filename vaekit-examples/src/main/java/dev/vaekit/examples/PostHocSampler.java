package dev.vaekit.examples;

import dev.vaekit.api.TrainedModel;
import dev.vaekit.api.Training;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.samplers.HeldOutScore;
import dev.vaekit.samplers.LatentSampler;
import dev.vaekit.samplers.SamplerConfig;
import dev.vaekit.samplers.SamplerKind;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import java.nio.file.Path;

/**
 * Trains a dense VAE on the embedded mnist-mini digits, fits a Gaussian mixture to its codes of the training digits,
 * compares it with the prior on held-out codes, decodes its draws, and saves model and sampler. Arguments: epochs
 * (default 10), the folder to save the model in (default runs/java-sampler).
 */
public final class PostHocSampler {
    private PostHocSampler() {}

    /**
     * @param args epochs, output folder
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path out = Path.of(args.length > 1 ? args[1] : "runs/java-sampler");
        // docs:begin sampler
        DatasetSplit mnist = Datasets.load("mnist-mini", null);
        RunConfig config = RunConfig.builder()
                .model(ModelConfig.builder("dense-vae").latentDim(8).hidden(256).build())
                .training(TrainingConfig.builder().epochs(epochs).build())
                .build();
        SamplerConfig gmm =
                SamplerConfig.builder(SamplerKind.GMM).components(10).build();
        try (TrainedModel vae = Training.of(config).fit(mnist.train());
                LatentSampler sampler = vae.fitSampler(vae.prepare(mnist.train()), gmm)) {
            HeldOutScore fitted = sampler.heldOut(); // on the 10% of the codes left out of the fit
            HeldOutScore prior = sampler.standardNormal(); // N(0, I) on the same codes
            System.out.printf(
                    "held-out codes: GMM %.2f ± %.2f, N(0, I) %.2f ± %.2f nats per code%n",
                    fitted.logLikelihood(), fitted.stdErr(), prior.logLikelihood(), prior.stdErr());
            float[][] samples = vae.sample(sampler, 16, 1.0, 7); // decoded draws of the GMM, not of the prior
            vae.save(out);
            sampler.save(LatentSampler.folder(out, "gmm")); // 'vaekit sample OUT --sampler gmm' reads it
        }
        // docs:end
    }
}
