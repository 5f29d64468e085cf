package dev.vaekit.compress.vae;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LadderInference;
import dev.vaekit.models.LadderVaeConfig;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.train.MnistMini;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import java.util.List;

/**
 * The shared fixture of the Bit-Swap tests on a trained model: a tiny bottom-up ladder VAE (Burda et al. 2015's
 * two-layer structure at toy size: 784-64-(z_1 16)-32-(z_2 6), tanh, Bernoulli) trained once per test JVM for two
 * epochs on 1,000 statically binarised mnist-mini images, with one libtorch thread; and held-out binarised images to
 * code. The model lives as long as the JVM (its manager is never closed).
 */
final class TrainedChainVae {
    /** The layers' sizes, bottom first. */
    static final int[] LAYERS = {16, 6};

    private static Model model;
    private static NDManager manager;

    private TrainedChainVae() {}

    /** The model's config, bottom-up inference or another. */
    static ModelConfig config(LadderInference inference) {
        return ModelConfig.builder("dense-ladder-vae")
                .inputShape(1, 28, 28)
                .latentDim(LAYERS[1])
                .hidden(64)
                .activation(ActivationKind.TANH)
                .family(new LadderVaeConfig(
                        LikelihoodConfig.builder().build(), List.of(LAYERS[0]), List.of(32), 1, inference))
                .build();
    }

    /** @return the trained model (trained on the first call) */
    static synchronized Model model() {
        if (model == null) {
            manager = Engines.newManager();
            ModelConfig config = config(LadderInference.BOTTOM_UP);
            RunConfig run = Fixtures.runConfig(
                    Binarization.NONE, config, Fixtures.elbo(), Fixtures.training(2, 50, 3e-3, 0, 0, 1));
            Dataset train = Binarization.sample(MnistMini.rows(0, 1000), 1);
            int threads = JniUtils.getNumThreads();
            JniUtils.setNumThreads(1);
            Engines.seed(1);
            Model created = Model.create(config, null, manager);
            try (Trainer trainer = new Trainer(run, created)) {
                trainer.fit(train);
            } finally {
                JniUtils.setNumThreads(threads);
            }
            model = created;
        }
        return model;
    }

    /** @return n held-out images (after the training rows), binarised with a seed of their own */
    static Dataset testRows(int n) {
        return Binarization.sample(MnistMini.rows(1000, 1000 + n), 2);
    }

    /** @return n held-out images as the coder's symbols */
    static ImageSymbols testImages(int n) {
        return ImageSymbols.ofRows(testRows(n), new int[] {1, 28, 28}, 2);
    }
}
